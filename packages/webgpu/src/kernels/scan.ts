import type { StridedView } from '@wick/tensor';
import type { Context } from '../context.js';
import { convert, kindOf, load, store } from '../wgsl/dtypes.js';
import { accumulators } from './accumulate.js';
import { GROUP, alongDims, bindViews, dispatchLines, lanesFor, lineParams, linesEntry, linesPrelude } from './lines.js';

// cumsum and cumprod: each line is cut into one contiguous chunk per lane. A lane first totals its
// chunk; the totals go through workgroup memory, and each lane starts its chunk's running value
// from the totals of the chunks before it. Float sums run compensated (as reductions do), so a
// running sum stays within a few ulp of the sum of magnitudes so far.

/** See Backend.scan. */
export function scan(ctx: Context, op: 'cumsum' | 'cumprod', x: StridedView, dim: number, out: StridedView): void {
  const views = [x, out];
  const geometry = { outerShape: x.shape.filter((_, d) => d !== dim), innerShape: [x.shape[dim] ?? 1], operands: alongDims(views, [dim]) };
  if (x.shape.length === 0) {
    geometry.innerShape = [1];
    geometry.operands = views.map((view) => ({ view, outer: [], inner: [0] }));
  }
  const n = geometry.innerShape[0]!;
  const lanes = lanesFor(n, 16);
  const { lines, words } = lineParams(geometry, lanes);
  if (lines === 0 || n === 0) return;
  const { buffers, binding } = bindViews(views);
  const ok = kindOf(out.dtype);
  const c = ok === 'bool' ? 'i32' : ok;
  const key = `scan|${op}|${x.dtype}|${out.dtype}|${binding.join(',')}`;
  const pipeline = ctx.pipeline(key, () => {
    const a = accumulators(c)[op === 'cumsum' ? 'sum' : 'prod'];
    const xv = (j: string): string => convert(load(x.dtype, `b${binding[0]}`, `xo + inner_off(0u, ${j})`), kindOf(x.dtype), c);
    return `${linesPrelude(buffers.length, views.length)}
${a.decls}
var<workgroup> totals: array<${a.type}, ${GROUP}>;
${linesEntry}
  let r = min(line, P[0] - 1u);
  let xo = outer_off(0u, r);
  let oo = outer_off(1u, r);
  let chunk = (n + lanes - 1u) / lanes;
  let start = min(n, lane * chunk);
  let end = min(n, start + chunk);
  var s = ${a.init};
  for (var j = start; j < end; j = j + 1u) { s = ${a.add('s', xv('j'))}; }
  totals[lid] = s;
  workgroupBarrier();
  var acc = ${a.init};
  for (var k = lid - lane; k < lid; k = k + 1u) { acc = ${a.merge}(acc, totals[k]); }
  if (live) {
    for (var j = start; j < end; j = j + 1u) {
      acc = ${a.add('acc', xv('j'))};
      ${store(out.dtype, `b${binding[1]}`, 'oo + inner_off(1u, j)', convert(a.value('acc'), c, ok))}
    }
  }
}`;
  });
  dispatchLines(ctx, pipeline, buffers, words, lines, lanes);
}
