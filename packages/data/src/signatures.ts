import { NO_MATCH, type SignatureOptions, defineArgType } from '@wick/tensor';

// torch.utils.data is written in Python: its callables get Python's messages (self counted in
// the constructors' "takes N positional arguments"), as nn's modules do.

export const PY_METHOD = { style: 'python', pythonMethod: true } as const satisfies SignatureOptions;
export const PY_FUNCTION = { style: 'python' } as const satisfies SignatureOptions;

/**
 * Why the abstract bases' constructors differ from what PyTorch records: they have no __init__ of
 * their own, so inspect.signature shows `object`'s (*args, **kwargs), yet PyTorch's base classes
 * take no arguments ("Dataset() takes no arguments"). wick declares the empty signature that
 * PyTorch enforces; its message names __init__ and counts self ("takes 1 positional argument").
 */
export const NO_ARGUMENTS =
  "PyTorch records object's (*args, **kwargs) for a class without its own __init__, but the class takes no " +
  'arguments; wick declares that empty signature (its message reads "Dataset.__init__() takes 1 positional ' +
  'argument but 2 were given" where Python says "Dataset() takes no arguments")';

/**
 * A Python object: any value but undefined (PyTorch's data parameters are untyped: a dataset, a
 * sampler, a list of indices, a sample). Unlike the binder's `Any`, a trailing plain object is
 * never taken as this parameter positionally: it is the options object (API.md), so a sample or a
 * duck-typed dataset that is a plain object goes by name (`default_convert({ data: sample })`).
 */
defineArgType('PyObject', { label: 'object', coerce: (v) => (v === undefined ? NO_MATCH : v) });
