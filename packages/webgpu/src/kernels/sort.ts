import type { Backend, StridedView } from '@wick/tensor';
import type { Context } from '../context.js';
import { kindOf, load, store, wgslType } from '../wgsl/dtypes.js';
import { entryCode, groupsFor } from '../wgsl/strided.js';
import { alongDims, bindViews, lineParams, linesPrelude } from './lines.js';
import { SORT_ORDER_WGSL } from './sort-order.js';

type SortRequest = Parameters<Backend['sort']>[4];

// Two kernels, chosen as PyTorch's CPU kernels choose their algorithm, so that equal elements
// come out in the order the CPU backend (and PyTorch) gives:
// - the stable sort (stable=True, a line of stride 0, a 1-d ascending integer sort of 32768 or
//   more) ranks: one thread per element counts the elements of its line that go before it (those
//   ordered strictly before it, and equal ones at earlier positions) and writes itself at that
//   rank. n comparisons per element, all lines in one dispatch: for lines up to a few thousand.
// - std::sort, std::partial_sort and std::nth_element (unstable sort and topk) run as libstdc++
//   runs them (sort-order.ts), one thread per line over a scratch permutation: parallel across
//   lines only, for lines of up to SERIAL_MAX elements.
// NaN orders after every number ascending and before every number descending, two NaNs equal;
// -0.0 and 0.0 are equal.

/** PyTorch's CPU sort hands 1-d integer ascending sorts from this size to a (stable) radix sort. */
const RADIX_SORT_MIN = 32768;

/**
 * The longest line the serial kernel takes; longer lines rank (in stable order, which differs
 * from PyTorch's only in where equal elements go). Mesa's llvmpipe, the software adapter, ends a
 * thread after 65535 loop iterations in all, which std::sort's steps pass at about 3000 elements.
 */
const SERIAL_MAX = 2048;

/** How the serial kernel orders a line: std::sort, std::partial_sort, or std::nth_element (then std::sort). */
const Mode = { Sort: 0, PartialSort: 1, NthElement: 2 } as const;

/** See Backend.sort. */
export function sort(ctx: Context, x: StridedView, dim: number, values: StridedView, indices: StridedView, request: SortRequest): void {
  const n = x.shape[dim]!;
  const k = request.kind === 'sort' ? n : request.k;
  const descending = request.kind === 'sort' ? request.descending : request.largest;
  const views = [x, values, indices];
  const geometry = { outerShape: x.shape.filter((_, d) => d !== dim), innerShape: [n], operands: alongDims(views, [dim]) };
  const { lines, words } = lineParams(geometry, 1);
  if (lines === 0 || k === 0) return;
  const kind = kindOf(x.dtype);
  const radix = x.shape.length === 1 && kind !== 'f32' && kind !== 'bool' && n >= RADIX_SORT_MIN && !descending;
  const stable = request.kind === 'sort' && (request.stable || x.strides[dim] === 0 || radix);
  if (stable || n > SERIAL_MAX) {
    rankSort(ctx, views, lines, n, words, k, descending);
    return;
  }
  const mode = request.kind === 'sort' ? Mode.Sort : k * 64 <= n ? Mode.PartialSort : Mode.NthElement;
  const sorted = request.kind === 'topk' && request.sorted;
  serialSort(ctx, views, lines, n, words, [k, descending ? 1 : 0, mode, sorted ? 1 : 0]);
}

/** WGSL: the kernel's key type and `less(a, b, descending)`, and the load of a line's element. */
function comparator(x: StridedView, xb: string): { T: string; less: string; key: (j: string) => string; value: (v: string) => string } {
  const kind = kindOf(x.dtype);
  const c = kind === 'bool' ? 'i32' : kind;
  const T = wgslType(c);
  const lt = (a: string, b: string): string => (c === 'i64' ? `i64_lt(${a}, ${b})` : `${a} < ${b}`);
  const nan = (v: string): string => (c === 'f32' ? `is_nan(${v})` : 'false');
  const at = (j: string): string => load(x.dtype, xb, `xo + ${j} * line_step(0u)`);
  return {
    T,
    // Whether a goes strictly before b: ascending a < b, or descending b < a; NaN as the largest.
    less: `
fn less(a: ${T}, b: ${T}, descending: bool) -> bool {
  if (descending) { return ${lt('b', 'a')} || (${nan('a')} && !${nan('b')}); }
  return ${lt('a', 'b')} || (${nan('b')} && !${nan('a')});
}`,
    key: (j) => (kind === 'bool' ? `select(0, 1, ${at(j)})` : at(j)),
    value: (v) => (kind === 'bool' ? `${v} != 0` : v),
  };
}

function rankSort(ctx: Context, views: StridedView[], lines: number, n: number, words: number[], k: number, descending: boolean): void {
  const [x, values] = views as [StridedView, StridedView, StridedView];
  const { buffers, binding } = bindViews(views);
  const pipeline = ctx.pipeline(`sort-rank|${x.dtype}|${binding.join(',')}`, () => {
    const cmp = comparator(x, `b${binding[0]}`);
    return `${linesPrelude(buffers.length, views.length)}
${cmp.less}
${entryCode('P[0] * P[1]')}
  let n = P[1];
  let line = i / n;
  let e = i % n;
  let xo = outer_off(0u, line);
  let descending = scalar(1u) != 0u;
  let v = ${cmp.key('e')};
  var rank = 0u;
  for (var j = 0u; j < n; j = j + 1u) {
    let w = ${cmp.key('j')};
    if (less(w, v, descending) || (j < e && !less(v, w, descending))) { rank = rank + 1u; }
  }
  if (rank < scalar(0u)) {
    ${store(values.dtype, `b${binding[1]}`, 'outer_off(1u, line) + rank * line_step(1u)', cmp.value('v'))}
    ${store('int64', `b${binding[2]}`, 'outer_off(2u, line) + rank * line_step(2u)', 'vec2<u32>(e, 0u)')}
  }
}`;
  });
  ctx.queue.dispatch(pipeline, buffers.map((buffer) => ({ buffer })), [...words, k, descending ? 1 : 0], groupsFor(lines * n));
}

function serialSort(ctx: Context, views: StridedView[], lines: number, n: number, words: number[], scalars: number[]): void {
  const [x, values] = views as [StridedView, StridedView, StridedView];
  // The permutations, one line's after another (its memory returns to the pool once collected;
  // any later use of it is encoded after this dispatch).
  const order: StridedView = { storage: ctx.allocate('int32', lines * n), dtype: 'int32', shape: [lines * n], strides: [1], offset: 0 };
  const { buffers, binding } = bindViews([...views, order]);
  const pipeline = ctx.pipeline(`sort-serial|${x.dtype}|${binding.join(',')}`, () => {
    const cmp = comparator(x, `b${binding[0]}`);
    return `${linesPrelude(buffers.length, views.length)}
${cmp.less}
var<private> xo: u32;
var<private> desc: bool;
fn lessp(a: i32, b: i32) -> bool { return less(${cmp.key('u32(a)')}, ${cmp.key('u32(b)')}, desc); }
${SORT_ORDER_WGSL.replaceAll('order[', `b${binding[3]}[`)}
${entryCode('P[0]')}
  let n = i32(P[1]);
  let k = i32(scalar(0u));
  xo = outer_off(0u, i);
  desc = scalar(1u) != 0u;
  pb = i * P[1];
  for (var j = 0; j < n; j = j + 1) { pset(j, j); }
  switch (scalar(2u)) {
    case ${Mode.Sort}u: { intro_sort(0, n); }
    case ${Mode.PartialSort}u: { partial_sort(0, k, n); }
    default: {
      nth_element(0, k - 1, n);
      if (scalar(3u) != 0u) { intro_sort(0, k - 1); }
    }
  }
  let vo = outer_off(1u, i);
  let io = outer_off(2u, i);
  for (var j = 0; j < k; j = j + 1) {
    let at = u32(pget(j));
    ${store(values.dtype, `b${binding[1]}`, 'vo + u32(j) * line_step(1u)', cmp.value(cmp.key('at')))}
    ${store('int64', `b${binding[2]}`, 'io + u32(j) * line_step(2u)', 'vec2<u32>(at, 0u)')}
  }
}`;
  });
  ctx.queue.dispatch(pipeline, buffers.map((buffer) => ({ buffer })), [...words, ...scalars], groupsFor(lines));
}
