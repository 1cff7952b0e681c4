// The accepted serialize files too big to record as values (tools/fixtures/serialize_cases/
// hostile_scale.py): what the fixture records of them, and the comparison that the serialize tests
// and `pnpm conformance` both make.
import { createHash } from 'node:crypto';

export interface ScaleRecord {
  /** A huge Python int: its sign, and the count and SHA-256 of its hex digits. */
  long?: { negative: boolean; hex_digits: number; hex_sha256: string };
  /** A list nested this deep (the innermost one empty). */
  depth?: number;
  value?: boolean;
}

/** How a loaded value differs from its record, or null when it agrees. */
export function scaleProblem(value: unknown, scale: ScaleRecord): string | null {
  if (scale.long) {
    if (typeof value !== 'bigint') return `expected a Python int, got ${typeof value}`;
    const digits = (value < 0n ? -value : value).toString(16);
    if (value < 0n !== scale.long.negative) return 'the sign differs';
    if (digits.length !== scale.long.hex_digits) return `${digits.length} hex digits, expected ${scale.long.hex_digits}`;
    if (createHash('sha256').update(digits).digest('hex') !== scale.long.hex_sha256) return 'the digits differ';
  }
  if (scale.depth !== undefined) {
    let depth = 1;
    for (let list = value as unknown[]; list.length > 0; list = list[0] as unknown[]) depth++;
    if (depth !== scale.depth) return `depth ${depth}, expected ${scale.depth}`;
  }
  return null;
}
