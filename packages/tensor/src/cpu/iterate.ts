/**
 * Strided iteration without per-element bookkeeping: dims are coalesced where every operand is
 * contiguous across them, then `body` runs once per innermost row with each operand's starting
 * element offset and its inner stride. Kernels put their tight loop in `body`.
 */

export interface Rows {
  /** Sizes of the outer (row) dims, after coalescing. */
  readonly outer: number[];
  /** Per operand, the stride of each outer dim. */
  readonly outerStrides: number[][];
  /** Length of each row. */
  readonly n: number;
  /** Per operand, the stride along a row. */
  readonly inner: number[];
}

export function planRows(shape: readonly number[], strides: readonly (readonly number[])[]): Rows {
  // Drop size-1 dims, then merge neighbours that step evenly for every operand.
  const dims: number[] = [];
  for (let d = 0; d < shape.length; d++) if (shape[d] !== 1) dims.push(d);
  const sizes: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (const d of dims) {
    const last = sizes.length - 1;
    const mergeable =
      last >= 0 && strides.every((s, k) => st[k][last] === s[d] * shape[d]);
    if (mergeable) {
      sizes[last] = sizes[last] * shape[d];
      strides.forEach((s, k) => (st[k][last] = s[d]));
    } else {
      sizes.push(shape[d]);
      strides.forEach((s, k) => st[k].push(s[d]));
    }
  }
  if (sizes.length === 0) return { outer: [], outerStrides: strides.map(() => []), n: shape.includes(0) ? 0 : 1, inner: strides.map(() => 0) };
  // Every operand has at least one dim here, so pop() always finds one.
  const n = sizes.pop()!;
  const inner = st.map((s) => s.pop()!);
  return { outer: sizes, outerStrides: st, n, inner };
}

/** Runs body(offsets, n, inner) once per row; `offsets` is reused between calls. */
export function forEachRow(
  rows: Rows,
  starts: readonly number[],
  body: (offsets: number[], n: number, inner: readonly number[]) => void,
): void {
  const { outer, outerStrides, n, inner } = rows;
  if (n === 0 || outer.includes(0)) return;
  const k = starts.length;
  const offsets = starts.slice();
  const idx = new Array<number>(outer.length).fill(0);
  for (;;) {
    body(offsets, n, inner);
    // Odometer step over the outer dims, innermost first.
    let d = outer.length - 1;
    for (; d >= 0; d--) {
      idx[d]++;
      for (let j = 0; j < k; j++) offsets[j] += outerStrides[j][d];
      if (idx[d] < outer[d]) break;
      for (let j = 0; j < k; j++) offsets[j] -= outerStrides[j][d] * outer[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}
