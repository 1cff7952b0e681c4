import { WickError } from '@wick/tensor';

/**
 * A bad attribute or state_dict key name. PyTorch raises KeyError; the shared PyTorchErrorType
 * list has no KeyError, so it reports LookupError's other child, IndexError. Its message is what
 * Python prints for KeyError(key): the repr of the key (`'b'`, `"attribute 'x' already exists"`).
 */
export class KeyError extends WickError {
  constructor(key: string) {
    super(pyStrRepr(key), 'IndexError');
  }
}

/** A value of the wrong kind (PyTorch: TypeError), e.g. a plain tensor assigned to a parameter. */
export class ModuleTypeError extends WickError {
  constructor(message: string) {
    super(message, 'TypeError');
  }
}

/** Python's repr of a str: single quotes, or double ones when the text has a single quote and no double. */
function pyStrRepr(s: string): string {
  if (s.includes("'") && !s.includes('"')) return `"${s}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
