// The errors of this package. Each extends WickError (so `WickError.isInstance` and the
// Symbol.for marker work across package copies).
import { WickError } from '@wick/tensor';

/**
 * A .pt2 archive wick cannot read or run: a missing record, a schema or archive version it does
 * not know, a graph node naming a callable outside the closed list, ATen ops wick lacks (each named).
 */
export class ExportError extends WickError {}
