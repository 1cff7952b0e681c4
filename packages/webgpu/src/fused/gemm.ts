// The matrix products of the recurrent kernels: C = A B (+ C) (+ bias) on float32 matrices given by
// offset and row/column strides into a tensor's storage, so that transposes, the workspace's
// columns and a step's rows are read in place. One thread per element of C, a plain loop over K:
// the products here are one step's rows or one layer's weight gradients, small next to the
// dispatch cost on the adapters this runs on.
// Products of at least 32 x 32 outputs (the input projection of all steps, the weight gradients)
// go to the backend's tiled matmul instead, with the bias added after.
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import type { StridedView } from '@wick/tensor';
import type { Context } from '../context.js';
import { matmul } from '../kernels/matmul.js';
import { runElementwise } from '../kernels/elementwise-core.js';
import { entryCode, groupsFor } from '../wgsl/strided.js';
import { bind, ld, st } from './operands.js';

/** A matrix inside a tensor's storage: element (r, c) is at offset + r * rs + c * cs. */
export interface Mat {
  t: Tensor;
  offset: number;
  rows: number;
  cols: number;
  rs: number;
  cs: number;
}

/** A contiguous 2-D tensor (or a 1-D one as a row) as a matrix. */
export function matOf(t: Tensor): Mat {
  if (t.ndim === 1) return { t, offset: t.offset, rows: 1, cols: t.shape[0]!, rs: 0, cs: t.strides[0]! };
  return { t, offset: t.offset, rows: t.shape[0]!, cols: t.shape[1]!, rs: t.strides[0]!, cs: t.strides[1]! };
}

/** m's transpose (the same elements, strides swapped). */
export const transposed = (m: Mat): Mat => ({ ...m, rows: m.cols, cols: m.rows, rs: m.cs, cs: m.rs });

/** Rows [from, from + n) of m. */
export const rowsOf = (m: Mat, from: number, n: number): Mat => ({ ...m, offset: m.offset + from * m.rs, rows: n });

/** Encodes c = a b, plus c's old value with `accumulate`, plus bias[col] when given (contiguous). */
export function gemm(ctx: Context, a: Mat, b: Mat, c: Mat, options: { accumulate?: boolean; bias?: Tensor | null } = {}): void {
  if (a.cols !== b.rows || a.rows !== c.rows || b.cols !== c.cols) throw new Error(`gemm: ${a.rows}x${a.cols} @ ${b.rows}x${b.cols} -> ${c.rows}x${c.cols}`);
  const n = c.rows * c.cols;
  if (n === 0) return;
  const bias = options.bias ?? null;
  const accumulate = options.accumulate === true;
  if (!accumulate && c.rows >= 32 && c.cols >= 32) {
    tiled(ctx, a, b, c, bias);
    return;
  }
  const o = bind([a.t, b.t, c.t, bias]);
  const [A, B, C, Bias] = o.names as [string, string, string, string];
  const key = `rnn-gemm|${accumulate ? 'acc' : 'set'}|${bias === null ? '' : 'bias'}|${o.key}`;
  const pipeline = ctx.pipeline(key, () => `${o.decls}
${entryCode('P[4] * P[5]')}
  let m = i / P[5];
  let n = i % P[5];
  var acc = 0.0;
  let aBase = P[0] + m * P[7];
  let bBase = P[1] + n * P[10];
  for (var k = 0u; k < P[6]; k = k + 1u) {
    acc = acc + ${ld(A, 'aBase + k * P[8]')} * ${ld(B, 'bBase + k * P[9]')};
  }
  let cIdx = P[2] + m * P[11] + n * P[12];
  ${accumulate ? `acc = acc + ${ld(C, 'cIdx')};` : ''}
  ${bias === null ? '' : `acc = acc + ${ld(Bias, 'P[3] + n')};`}
  ${st(C, 'cIdx', 'acc')}
}`);
  const params = [a.offset, b.offset, c.offset, bias?.offset ?? 0, c.rows, c.cols, a.cols, a.rs, a.cs, b.rs, b.cs, c.rs, c.cs];
  ctx.queue.dispatch(pipeline, o.buffers, params, groupsFor(n));
}

/** A matrix as a one-batch strided view. */
const viewOf = (m: Mat): StridedView => ({ storage: m.t.storage, dtype: m.t.dtype, shape: [1, m.rows, m.cols], strides: [0, m.rs, m.cs], offset: m.offset });

/** c = a b (+ bias[col]) on the backend's tiled matmul kernel. */
function tiled(ctx: Context, a: Mat, b: Mat, c: Mat, bias: Tensor | null): void {
  const out = viewOf(c);
  matmul(ctx, viewOf(a), viewOf(b), out);
  if (bias === null) return;
  const row: StridedView = { storage: bias.storage, dtype: bias.dtype, shape: out.shape, strides: [0, 0, bias.strides[0]!], offset: bias.offset };
  runElementwise(ctx, { name: 'rnn-bias', inputs: [out, row], out, formula: ([x, y]) => `${x} + ${y}` });
}

/** Sums over the rows of a contiguous matrix: its transpose times a column of ones. */
export function columnSums(ctx: Context, m: Tensor): Tensor {
  const [rows, cols] = m.shape as [number, number];
  const out = torch.empty([cols], { dtype: 'float32', device: 'webgpu' });
  const ones = torch.ones([1], { dtype: 'float32', device: 'webgpu' });
  // One element read for every row: a column whose strides are zero.
  const column: Mat = { t: ones, offset: ones.offset, rows, cols: 1, rs: 0, cs: 0 };
  gemm(ctx, transposed(matOf(m)), column, { t: out, offset: out.offset, rows: cols, cols: 1, rs: 1, cs: 1 });
  return out;
}
