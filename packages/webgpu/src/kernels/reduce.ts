import type { ReduceOp, StridedView } from '@wick/tensor';
import type { Context } from '../context.js';
import { type Kind, convert, kindOf, load, store, wgslType } from '../wgsl/dtypes.js';
import { alongDims, bindViews, dispatchLines, lanesFor, lineParams, linesEntry, linesPrelude, treeCode } from './lines.js';
import { accumulators, extremumCode } from './accumulate.js';

// Reductions: one line per output element, its lanes each walking every lanes-th element and
// then combining through a tree in workgroup memory (see lines.ts). Float sums are compensated
// (Kahan) within a lane, so their error is about that of a pairwise sum: a few ulp of the sum of
// magnitudes. var/std take two passes (the mean, then compensated squared deviations), as
// PyTorch's own reduction to one element does; logsumexp a max pass then a sum of exponentials.

const isArg = (op: ReduceOp): boolean => op === 'argmax' || op === 'argmin';

/** The kind an op computes in, from x's and out's dtypes (bool computes as i32 0/1 where it is a number). */
function computeKind(op: ReduceOp, x: StridedView, out: StridedView): Kind {
  switch (op) {
    case 'sum':
    case 'prod': {
      const k = kindOf(out.dtype);
      return k === 'bool' ? 'i32' : k;
    }
    case 'mean':
    case 'var':
    case 'std':
    case 'logsumexp':
      return 'f32';
    case 'all':
    case 'any':
      return 'bool';
    default: {
      const k = kindOf(x.dtype);
      return k === 'bool' ? 'i32' : k;
    }
  }
}

/** WGSL for the line's result: statements that leave `value` (of kind `c`) and maybe `at` (u32). */
function body(op: ReduceOp, c: Kind): { decls: string; code: string } {
  const acc = accumulators(c);
  const walk = (name: string, init: string, add: (s: string, v: string) => string): string => `
  var s_${name} = ${init};
  if (live) {
    for (var j = lane; j < n; j = j + lanes) {
      let v = xat(xo, j);
      s_${name} = ${add(`s_${name}`, 'v')};
    }
  }
  s_${name} = tree_${name}(s_${name}, lid, lane, lanes);`;
  switch (op) {
    case 'sum':
    case 'prod':
    case 'mean': {
      const a = op === 'prod' ? acc.prod : acc.sum;
      const value = op === 'mean' ? `${a.value('s_acc')} / f32(n)` : a.value('s_acc');
      return { decls: a.decls + treeCode('acc', a.type, a.merge), code: `${walk('acc', a.init, a.add)}\n  let value = ${value};` };
    }
    case 'all':
    case 'any': {
      const init = op === 'all' ? '1u' : '0u';
      const f = op === 'all' ? 'min' : 'max';
      return {
        decls: `fn merge_acc(a: u32, b: u32) -> u32 { return ${f}(a, b); }${treeCode('acc', 'u32')}`,
        code: `${walk('acc', init, (s, v) => `${f}(${s}, select(0u, 1u, ${v}))`)}\n  let value = s_acc == 1u;`,
      };
    }
    case 'max':
    case 'min':
    case 'argmax':
    case 'argmin': {
      const e = extremumCode('ext', c, op === 'max' || op === 'argmax');
      return { decls: e + treeCode('ext', 'Ext_ext'), code: `${walk('ext', 'Ext_ext(ext_init(), 0xffffffffu)', (s, v) => `add_ext(${s}, ${v}, j)`)}\n  let value = s_ext.v;\n  let at = s_ext.i;` };
    }
    case 'var':
    case 'std': {
      const k = acc.sum;
      const v = `m2 / max(0.0, f32(n) - bitcast<f32>(scalar(0u)))`;
      return {
        decls: k.decls + treeCode('acc', k.type, k.merge) + treeCode('dev', k.type, k.merge),
        code: `${walk('acc', k.init, k.add)}
  let mean = ${k.value('s_acc')} / f32(n);
  ${walk('dev', k.init, (s, x) => k.add(s, `(${x} - mean) * (${x} - mean)`))}
  let m2 = ${k.value('s_dev')};
  let value = ${op === 'std' ? `sqrt(${v})` : v};`,
      };
    }
    case 'logsumexp': {
      const e = extremumCode('ext', 'f32', true);
      const k = acc.sum;
      return {
        decls: e + treeCode('ext', 'Ext_ext') + k.decls + treeCode('acc', k.type, k.merge),
        code: `${walk('ext', 'Ext_ext(ext_init(), 0xffffffffu)', (s, v) => `add_ext(${s}, ${v}, j)`)}
  // An infinite max would give inf - inf = NaN; PyTorch shifts by 0 then.
  let shift = select(s_ext.v, 0.0, is_inf_f32(s_ext.v));
  ${walk('acc', k.init, (s, x) => k.add(s, `exp_f32(${x} - shift)`))}
  let total = ${k.value('s_acc')};
  let value = log_f32(total) + shift;`,
      };
    }
  }
}

/** See Backend.reduce. */
export function reduce(ctx: Context, op: ReduceOp, x: StridedView, inner: number, out: StridedView, indices: StridedView | null, correction: number): void {
  const rank = x.shape.length - inner;
  const dims = Array.from({ length: inner }, (_, d) => rank + d);
  const views = indices ? [x, out, indices] : [x, out];
  const operands = [
    ...alongDims([x], dims),
    ...views.slice(1).map((v) => ({ view: v, outer: v.strides.slice(), inner: dims.map(() => 0) })),
  ];
  const geometry = { outerShape: x.shape.slice(0, rank), innerShape: x.shape.slice(rank), operands };
  const n = geometry.innerShape.reduce((a, b) => a * b, 1);
  const lanes = lanesFor(n);
  const { lines, words } = lineParams(geometry, lanes);
  if (lines === 0) return;
  const { buffers, binding } = bindViews(views);
  const c = computeKind(op, x, out);
  const key = `reduce|${op}|${x.dtype}|${out.dtype}|${indices ? 'i' : ''}|${binding.join(',')}`;
  const pipeline = ctx.pipeline(key, () => {
    const { decls, code } = body(op, c);
    const xk = kindOf(x.dtype);
    const result = isArg(op) ? 'vec2<u32>(at, 0u)' : convert('value', c, kindOf(out.dtype));
    const storeIndex = indices ? store('int64', `b${binding[2]}`, 'outer_off(2u, line)', 'vec2<u32>(at, 0u)') : '';
    return `${linesPrelude(buffers.length, views.length)}
fn xat(xo: u32, j: u32) -> ${wgslType(c)} { return ${convert(load(x.dtype, `b${binding[0]}`, 'xo + inner_off(0u, j)'), xk, c)}; }
${decls}
${linesEntry}
  let xo = outer_off(0u, min(line, P[0] - 1u));
  ${code}
  if (live && lane == 0u) {
    ${store(out.dtype, `b${binding[1]}`, 'outer_off(1u, line)', result)}
    ${storeIndex}
  }
}`;
  });
  const scalars = op === 'var' || op === 'std' ? [new Uint32Array(new Float32Array([correction]).buffer)[0]!] : [];
  dispatchLines(ctx, pipeline, buffers, [...words, ...scalars], lines, lanes);
}
