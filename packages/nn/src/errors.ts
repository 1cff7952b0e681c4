import { WickError } from '@wick/tensor';

/**
 * A bad attribute or state_dict key name. PyTorch raises KeyError; the shared PyTorchErrorType
 * list has no KeyError, so it reports LookupError's other child, IndexError.
 */
export class KeyError extends WickError {
  constructor(message: string) {
    super(message, 'IndexError');
  }
}

/** A value of the wrong kind (PyTorch: TypeError), e.g. a plain tensor assigned to a parameter. */
export class ModuleTypeError extends WickError {
  constructor(message: string) {
    super(message, 'TypeError');
  }
}
