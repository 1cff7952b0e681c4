// What optim's declarations share: the options of a Python-defined method (Python's messages,
// self counted), the parameter types optim adds to the binder, and the helpers its checks use
// to speak PyTorch's words.
import {
  ArgumentError, NO_MATCH, type Signatures, Tensor, ValueError, defineArgType, isPlainObject, pyTypeName,
} from '@wick/tensor';

export { PY_METHOD } from '@wick/tensor';

// `params` of an optimizer: any iterable (a list, a generator from parameters(), a Set, which
// add_param_group then refuses in PyTorch's words) or a Tensor (refused in PyTorch's words by the
// constructor). A plain object is not a Python iterable of tensors: it is the options object.
defineArgType('Params', {
  label: 'iterable',
  coerce: (v) => {
    if (v instanceof Tensor) return v;
    if (typeof v !== 'object' || v === null || isPlainObject(v)) return NO_MATCH;
    return Symbol.iterator in v ? v : NO_MATCH;
  },
});

// A hyperparameter PyTorch declares as `float`, held as a JS number. Tensors are not taken here:
// where PyTorch's annotation allows a Tensor (lr, betas) it computes with it as a tensor, which
// wick's optimizers do not (see refuseTensor).
defineArgType('pyfloat', {
  label: 'float',
  coerce: (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NO_MATCH),
});

/** repr() of a Python number as PyTorch's f-string messages print it: `-0.1`, `-1e-05`, `nan`, `-1`. */
export function pyNumber(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // NOTE: JS does not tell 1 from 1.0; an integral value prints as the int a user most likely wrote.
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(x);
}

/** PyTorch's `if not 0.0 <= value: raise ValueError(f"Invalid {what}: {value}")` (NaN fails it too). */
export function requireNonNegative(what: string, value: number): void {
  if (!(value >= 0)) throw new ValueError(`Invalid ${what}: ${pyNumber(value)}`, 'ValueError');
}

/**
 * A hyperparameter PyTorch allows as a 1-element Tensor (lr, SGD's weight_decay): PyTorch keeps
 * the tensor and computes the step with it in the tensor's dtype, so its numbers differ from the
 * same value given as a float. wick computes with numbers, so it refuses a Tensor (after
 * PyTorch's own 1-element check) rather than compute something else.
 */
export function refuseTensor(owner: string, name: string, value: unknown): void {
  if (!(value instanceof Tensor)) return;
  if (value.numel() !== 1) throw new ValueError(`Tensor ${name} must be 1-element`, 'ValueError');
  throw new ValueError(
    `${owner}: a Tensor ${name} is not supported by wick (PyTorch computes the step with it in the tensor's dtype); ` +
      `give it as a number, such as ${name}.item()`,
    'ValueError',
  );
}

/**
 * A dict argument (a state_dict, a param_group) given as a plain object that has none of the
 * keys such a dict must have: read as the call's options object instead, it names no parameter
 * the method has, so it is refused as Python refuses an unknown keyword (`load_state_dict({
 * stat_dict: sd })` is a misspelled name, not a state_dict).
 */
export function refuseAsOptions(sig: Signatures, value: unknown, keys: readonly string[]): void {
  if (!isPlainObject(value)) return;
  const given = Object.keys(value);
  if (given.length === 0 || keys.some((k) => Object.hasOwn(value, k))) return;
  const names = new Set(sig.signatures[0]!.params.map((p) => p.name));
  const unknown = given.find((k) => !names.has(k));
  if (unknown !== undefined) throw new ArgumentError(`${sig.name}() got an unexpected keyword argument '${unknown}'`, sig.name);
}

/** What Python raises for a missing dict key (KeyError, printed as the quoted key). */
export function keyError(key: string): ValueError {
  return new ValueError(`'${key}'`, 'RuntimeError');
}

const legacyTensorType: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long',
  int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
};

/** torch.typename(value), as PyTorch's optimizer messages print it: `torch.FloatTensor`, `int`. */
export function typename(value: unknown): string {
  if (value instanceof Tensor) return `torch.${legacyTensorType[value.dtype] ?? 'Float'}Tensor`;
  return pyTypeName(value);
}
