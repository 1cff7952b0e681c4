import { ArgumentError, IndexError, ValueError, WickError } from '@wick/tensor';

// The Python exceptions torch.utils.data raises, as named wick errors. Each reports PyTorch's
// exception type (`pytorchType`), so a test can check both the words and the kind.

/**
 * A missing key in a dict (default_collate of dicts with different keys). PyTorch raises KeyError;
 * the shared PyTorchErrorType list has no KeyError, so it reports LookupError's other child.
 */
export class KeyError extends WickError {
  /** `key` as Python's repr prints it ('a' for a string key). */
  constructor(key: string) {
    super(key, 'IndexError');
  }
}

/** Python's TypeError for an argument of the wrong kind: wick's ArgumentError (a JS TypeError). */
export const typeError = (message: string): ArgumentError => new ArgumentError(message);

export const valueError = (message: string): ValueError => new ValueError(message, 'ValueError');
export const indexError = (message: string): IndexError => new IndexError(message);
export const assertionError = (message: string): WickError => new WickError(message, 'AssertionError');
export const notImplemented = (message: string): WickError => new WickError(message, 'NotImplementedError');
export const runtimeError = (message: string): WickError => new WickError(message, 'RuntimeError');
