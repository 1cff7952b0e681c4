// torch.utils.data is written in Python: its callables get Python's messages (PY_METHOD and
// PY_FUNCTION from @wick/tensor), as nn's modules do.
export { PY_FUNCTION, PY_METHOD } from '@wick/tensor';

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
