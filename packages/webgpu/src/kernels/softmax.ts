import type { StridedView } from '@wick/tensor';
import type { Context } from '../context.js';
import { kindOf, load, store } from '../wgsl/dtypes.js';
import { accumulators, extremumCode } from './accumulate.js';
import { alongDims, bindViews, dispatchLines, lanesFor, lineParams, linesEntry, linesPrelude, treeCode } from './lines.js';

// softmax = exp(x - max) / sum(exp(x - max)) and log_softmax = (x - max) - log(sum(exp(x - max)))
// along a dim, in three passes over each line: the max (a NaN sticks, so a line with a NaN gives
// NaN everywhere, as PyTorch's does), the compensated sum of exponentials, then the outputs. exp
// and log are the library's (a few ulp on any adapter), not WGSL's built-ins.

/** See Backend.softmax. */
export function softmax(ctx: Context, x: StridedView, dim: number, out: StridedView, log: boolean): void {
  kindOf(x.dtype);
  const views = [x, out];
  const scalar = x.shape.length === 0;
  const geometry = {
    outerShape: x.shape.filter((_, d) => d !== dim),
    innerShape: [scalar ? 1 : x.shape[dim]!],
    operands: scalar ? views.map((view) => ({ view, outer: [], inner: [0] })) : alongDims(views, [dim]),
  };
  const n = geometry.innerShape[0]!;
  const lanes = lanesFor(n);
  const { lines, words } = lineParams(geometry, lanes);
  if (lines === 0 || n === 0) return;
  const { buffers, binding } = bindViews(views);
  const key = `softmax|${log ? 'log' : ''}|${x.dtype}|${out.dtype}|${binding.join(',')}`;
  const pipeline = ctx.pipeline(key, () => {
    const k = accumulators('f32').sum;
    const xv = (j: string): string => load(x.dtype, `b${binding[0]}`, `xo + inner_off(0u, ${j})`);
    const result = log ? 'v - top - log_f32(total)' : 'exp_f32(v - top) / total';
    return `${linesPrelude(buffers.length, views.length)}
${extremumCode('ext', 'f32', true)}${treeCode('ext', 'Ext_ext')}
${k.decls}${treeCode('acc', k.type, k.merge)}
${linesEntry}
  let r = min(line, P[0] - 1u);
  let xo = outer_off(0u, r);
  var m = Ext_ext(0.0, 0xffffffffu);
  for (var j = lane; j < n; j = j + lanes) { m = add_ext(m, ${xv('j')}, j); }
  m = tree_ext(m, lid, lane, lanes);
  let top = m.v;
  var s = ${k.init};
  for (var j = lane; j < n; j = j + lanes) { s = ${k.add('s', `exp_f32(${xv('j')} - top)`)}; }
  s = tree_acc(s, lid, lane, lanes);
  let total = ${k.value('s')};
  if (live) {
    let oo = outer_off(1u, r);
    for (var j = lane; j < n; j = j + lanes) {
      let v = ${xv('j')};
      ${store(out.dtype, `b${binding[1]}`, 'oo + inner_off(1u, j)', result)}
    }
  }
}`;
  });
  dispatchLines(ctx, pipeline, buffers, words, lines, lanes);
}
