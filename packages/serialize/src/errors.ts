// The errors of this package. Each extends WickError (so `WickError.isInstance` and the
// Symbol.for marker work across package copies) and names the rule or the refused thing.
import { WickError } from '@wick/tensor';

/**
 * A pickle the weights_only machine refuses or cannot read: a global outside PyTorch's allowlist,
 * an opcode that could import or call, a malformed stream. PyTorch raises pickle.UnpicklingError.
 */
export class UnpicklingError extends WickError {
  /** Python's class for the same refusal (pytorchType only lists the builtin exception types). */
  readonly pythonType = 'pickle.UnpicklingError';
}

/** A safetensors file that breaks a rule of the format. Python's safetensors: SafetensorError. */
export class SafetensorsError extends WickError {
  readonly pythonType = 'safetensors.SafetensorError';
}

/**
 * A checkpoint container that is not what torch.save writes: a broken zip, a missing record, a
 * record of the wrong size, a bad legacy header. PyTorch raises RuntimeError for these.
 */
export class CheckpointError extends WickError {}
