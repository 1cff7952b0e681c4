import { NO_MATCH, type SignatureOptions, type Signatures, declare, defineArgType, isPlainObject } from '@wick/tensor';

// What nn's declarations share: the options of a Python method (`Linear.__init__`,
// `Linear.forward`: Python's messages, self counted) and of a Python function (most of
// nn.functional, nn.init, nn.utils). The argument types nn adds (Module, Parameter,
// PackedSequence) are defined beside their classes, so that this file imports none of them.

export const PY_METHOD = { style: 'python', pythonMethod: true } as const satisfies SignatureOptions;
export const PY_FUNCTION = { style: 'python' } as const satisfies SignatureOptions;

/**
 * Declares a Python method of an nn class from its text, under `nn.<Class>.<method>`:
 * `method('Linear.forward(Tensor input)')`. The text's name is the one Python's messages use.
 */
export function method(text: string, opts: Omit<SignatureOptions, 'style' | 'pythonMethod'> = {}): Signatures {
  return declare(`nn.${text.slice(0, text.indexOf('('))}`, text, { ...PY_METHOD, ...opts });
}

// `Value`: any Python object where PyTorch's Python code checks the value itself, with its own
// messages (RNNBase's sizes, add_module's module). NOTE: unlike `Any`, it never takes a plain
// object, so a trailing `{ ... }` is always options there (a misspelled name is reported as one).
defineArgType('Value', { label: 'object', coerce: (v) => (v === undefined || isPlainObject(v) ? NO_MATCH : v) });
