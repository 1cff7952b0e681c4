// Named error classes. Each carries a Symbol.for marker so that `isInstance` works even when two
// copies of @wick/tensor are loaded (instanceof would fail across copies).

const marker = Symbol.for('wick.error');

/** The Python exception type PyTorch raises for the same misuse. */
export type PyTorchErrorType = 'RuntimeError' | 'IndexError' | 'ValueError' | 'TypeError' | 'NotImplementedError' | 'AssertionError';

export class WickError extends Error {
  readonly [marker] = true;
  /** What PyTorch raises for the same input, so conformance tests can compare. */
  readonly pytorchType: PyTorchErrorType;

  constructor(message: string, pytorchType: PyTorchErrorType = 'RuntimeError') {
    super(message);
    this.name = new.target.name;
    this.pytorchType = pytorchType;
  }

  static isInstance(value: unknown): value is WickError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}

/** Shapes that do not fit together: broadcasting, views, matmul, cat. PyTorch: RuntimeError. */
export class ShapeError extends WickError {}

/** A dtype an operation cannot take or produce. PyTorch: RuntimeError or TypeError. */
export class DTypeError extends WickError {}

/** A dimension or element index out of range. PyTorch: IndexError (or RuntimeError for some ops). */
export class IndexError extends WickError {
  constructor(message: string, pytorchType: PyTorchErrorType = 'IndexError') {
    super(message, pytorchType);
  }
}

/** A bad argument value (a negative size, a zero step). PyTorch: RuntimeError or ValueError. */
export class ValueError extends WickError {}

/** Reading values that live on another device synchronously, or mixing devices. */
export class DeviceError extends WickError {}

/**
 * A call whose arguments do not fit the callable's PyTorch signature: an unknown or repeated
 * name, too many or too few arguments, a value of the wrong type. PyTorch raises TypeError, and
 * so is this a JavaScript TypeError (`instanceof TypeError`) as well as a named wick error.
 */
export class ArgumentError extends TypeError {
  readonly [marker] = true;
  readonly pytorchType: PyTorchErrorType = 'TypeError';

  /** The name of the callable whose signature refused the call, when the binder raised it. */
  declare readonly callable: string | null;

  constructor(message: string, callable: string | null = null) {
    super(message);
    this.name = 'ArgumentError';
    // Not enumerable: two errors with one message compare equal (as tests compare them).
    Object.defineProperty(this, 'callable', { value: callable });
  }

  static isInstance(value: unknown): value is ArgumentError {
    return WickError.isInstance(value) && (value as { name?: unknown }).name === 'ArgumentError';
  }
}
