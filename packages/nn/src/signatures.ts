import { PY_METHOD, type SignatureOptions, type Signatures, declare } from '@wick/tensor';

// What nn's declarations share: the options of a Python method (`Linear.__init__`,
// `Linear.forward`: Python's messages, self counted) and of a Python function (most of
// nn.functional, nn.init, nn.utils), from @wick/tensor. The argument types nn adds (Module,
// Parameter, PackedSequence) are defined beside their classes, so that this file imports none.
export { PY_FUNCTION, PY_METHOD } from '@wick/tensor';

/**
 * Declares a Python method of an nn class from its text, under `nn.<Class>.<method>`:
 * `method('Linear.forward(Tensor input)')`. The text's name is the one Python's messages use.
 */
export function method(text: string, opts: Omit<SignatureOptions, 'style' | 'pythonMethod'> = {}): Signatures {
  return declare(`nn.${text.slice(0, text.indexOf('('))}`, text, { ...PY_METHOD, ...opts });
}

