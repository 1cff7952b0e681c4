// The errors of this package. Each extends WickError (so `WickError.isInstance` and the
// Symbol.for marker work across package copies).
import { WickError } from '@wick/tensor';

/**
 * An ONNX file or graph wick cannot read or run, or a model it cannot export: a malformed
 * protobuf, an opset outside the range, an operator with no mapping (each one named).
 */
export class OnnxError extends WickError {}
