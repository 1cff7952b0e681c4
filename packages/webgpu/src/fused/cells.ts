// PyTorch's fused cells on webgpu (float32), one dispatch each (their bias gradients one product
// more): the gate math of cpu/rnn-cell-gates.ts, one thread per (batch row, hidden unit), with
// the workspaces of PyTorch's CUDA kernels:
//   _thnn_fused_gru_cell:  [r, z, n, hx, hn] (5H), hn = the hidden gates' n block plus its bias
//   _thnn_fused_lstm_cell: [i, f, g, o] (4H), after activation
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import type { Context } from '../context.js';
import { entryCode, groupsFor } from '../wgsl/strided.js';
import { bind, ld, st } from './operands.js';
import { columnSums } from './gemm.js';

const emptyOn = (shape: number[]): Tensor => torch.empty(shape, { dtype: 'float32', device: 'webgpu' });

/** Encodes one cell kernel over B x H threads: roles bound in order, their offsets in P[2..]. */
function runCell(ctx: Context, name: string, roles: readonly (Tensor | null)[], B: number, H: number, body: (n: string[]) => string): void {
  if (B * H === 0) return;
  const o = bind(roles);
  const pipeline = ctx.pipeline(`${name}|${roles.map((t) => (t === null ? '-' : '+')).join('')}|${o.key}`, () => `${o.decls}
${entryCode('P[0] * P[1]')}
  let H = P[1];
  let b = i / H;
  let j = i % H;
  ${body(o.names)}
}`);
  ctx.queue.dispatch(pipeline, o.buffers, [B, H, ...o.offsets], groupsFor(B * H));
}

/** WGSL: role k's element at `index` (its offset is P[2 + k]). */
const at = (n: string[], k: number, index: string): string => ld(n[k]!, `P[${2 + k}u] + ${index}`);
const put = (n: string[], k: number, index: string, value: string): string => st(n[k]!, `P[${2 + k}u] + ${index}`, value);

/** inputs [input_gates, hidden_gates, hx, (input_bias, hidden_bias)] -> [hy, workspace]. */
export function fusedGruCell(ctx: Context, inputs: readonly Tensor[], hasBias: boolean): Tensor[] {
  const [ig, hg, hx] = inputs.slice(0, 3).map((t) => t.contiguous()) as [Tensor, Tensor, Tensor];
  const [bi, bh] = hasBias ? [inputs[3]!.contiguous(), inputs[4]!.contiguous()] : [null, null];
  const [B, H] = hx.shape as [number, number];
  const hy = emptyOn([B, H]);
  const ws = emptyOn([B, 5 * H]);
  runCell(ctx, 'gru-cell', [ig, hg, hx, bi, bh, hy, ws], B, H, (n) => {
    const gate = (k: number) => {
      const idx = `b * 3u * H + ${k}u * H + j`;
      const i = hasBias ? `${at(n, 0, idx)} + ${at(n, 3, `${k}u * H + j`)}` : at(n, 0, idx);
      const h = hasBias ? `${at(n, 1, idx)} + ${at(n, 4, `${k}u * H + j`)}` : at(n, 1, idx);
      return [i, h];
    };
    const [ir, hr] = gate(0);
    const [iz, hz] = gate(1);
    const [inn, hn] = gate(2);
    const w = (k: number, v: string) => put(n, 6, `b * 5u * H + ${k}u * H + j`, v);
    return `let r = sigmoid_f32((${ir}) + (${hr}));
  let z = sigmoid_f32((${iz}) + (${hz}));
  let hn = ${hn};
  let nn = tanh_f32((${inn}) + r * hn);
  let h = ${at(n, 2, 'b * H + j')};
  ${put(n, 5, 'b * H + j', 'nn + z * (h - nn)')}
  ${w(0, 'r')}
  ${w(1, 'z')}
  ${w(2, 'nn')}
  ${w(3, 'h')}
  ${w(4, 'hn')}`;
  });
  return [hy, ws];
}

/** inputs [input_gates, hidden_gates, cx, (input_bias, hidden_bias)] -> [hy, cy, workspace]. */
export function fusedLstmCell(ctx: Context, inputs: readonly Tensor[], hasBias: boolean): Tensor[] {
  const [ig, hg, cx] = inputs.slice(0, 3).map((t) => t.contiguous()) as [Tensor, Tensor, Tensor];
  const [bi, bh] = hasBias ? [inputs[3]!.contiguous(), inputs[4]!.contiguous()] : [null, null];
  const [B, H] = cx.shape as [number, number];
  const hy = emptyOn([B, H]);
  const cy = emptyOn([B, H]);
  const ws = emptyOn([B, 4 * H]);
  runCell(ctx, 'lstm-cell', [ig, hg, cx, bi, bh, hy, cy, ws], B, H, (n) => {
    const pre = (k: number) => {
      const idx = `b * 4u * H + ${k}u * H + j`;
      const sum = `${at(n, 0, idx)} + ${at(n, 1, idx)}`;
      return hasBias ? `(${sum}) + (${at(n, 3, `${k}u * H + j`)} + ${at(n, 4, `${k}u * H + j`)})` : sum;
    };
    const w = (k: number, v: string) => put(n, 7, `b * 4u * H + ${k}u * H + j`, v);
    return `let ig = sigmoid_f32(${pre(0)});
  let fg = sigmoid_f32(${pre(1)});
  let gg = tanh_f32(${pre(2)});
  let og = sigmoid_f32(${pre(3)});
  let c = fg * ${at(n, 2, 'b * H + j')} + ig * gg;
  ${put(n, 6, 'b * H + j', 'c')}
  ${put(n, 5, 'b * H + j', 'og * tanh_f32(c)')}
  ${w(0, 'ig')}
  ${w(1, 'fg')}
  ${w(2, 'gg')}
  ${w(3, 'og')}`;
  });
  return [hy, cy, ws];
}

/** inputs [grad_hy, workspace] -> [d input_gates, d hidden_gates, d hx, (d input_bias, d hidden_bias)]. */
export function fusedGruCellBackward(ctx: Context, inputs: readonly Tensor[], hasBias: boolean): Tensor[] {
  const [ghy, ws] = inputs.map((t) => t.contiguous()) as [Tensor, Tensor];
  const [B, H] = ghy.shape as [number, number];
  const dig = emptyOn([B, 3 * H]);
  const dhg = emptyOn([B, 3 * H]);
  const dhx = emptyOn([B, H]);
  runCell(ctx, 'gru-cell-grad', [ghy, ws, dig, dhg, dhx], B, H, (n) => {
    const w = (k: number) => at(n, 1, `b * 5u * H + ${k}u * H + j`);
    const d = (role: number, k: number, v: string) => put(n, role, `b * 3u * H + ${k}u * H + j`, v);
    return `let r = ${w(0)};
  let z = ${w(1)};
  let nn = ${w(2)};
  let h = ${w(3)};
  let hn = ${w(4)};
  let g = ${at(n, 0, 'b * H + j')};
  let dn = g * (1.0 - z) * (1.0 - nn * nn);
  let dz = g * (h - nn) * z * (1.0 - z);
  let dr = dn * hn * r * (1.0 - r);
  ${d(2, 0, 'dr')}
  ${d(2, 1, 'dz')}
  ${d(2, 2, 'dn')}
  ${d(3, 0, 'dr')}
  ${d(3, 1, 'dz')}
  ${d(3, 2, 'dn * r')}
  ${put(n, 4, 'b * H + j', 'g * z')}`;
  });
  return hasBias ? [dig, dhg, dhx, columnSums(ctx, dig), columnSums(ctx, dhg)] : [dig, dhg, dhx];
}

/** inputs [(grad_hy), (grad_cy), cx, cy, workspace] -> [d gates, d cx, (d bias)]; a missing gradient is zero. */
export function fusedLstmCellBackward(ctx: Context, inputs: readonly Tensor[], a: { has_bias: boolean; has_grad_hy: boolean; has_grad_cy: boolean }): Tensor[] {
  let k = 0;
  const ghy = a.has_grad_hy ? inputs[k++]!.contiguous() : null;
  const gcy = a.has_grad_cy ? inputs[k++]!.contiguous() : null;
  const [cx, cy, ws] = inputs.slice(k).map((t) => t.contiguous()) as [Tensor, Tensor, Tensor];
  const [B, H] = cx.shape as [number, number];
  const dgates = emptyOn([B, 4 * H]);
  const dcx = emptyOn([B, H]);
  runCell(ctx, 'lstm-cell-grad', [ghy, gcy, cx, cy, ws, dgates, dcx], B, H, (n) => {
    const w = (k: number) => at(n, 4, `b * 4u * H + ${k}u * H + j`);
    const d = (k: number, v: string) => put(n, 5, `b * 4u * H + ${k}u * H + j`, v);
    return `let ig = ${w(0)};
  let fg = ${w(1)};
  let gg = ${w(2)};
  let og = ${w(3)};
  let tc = tanh_f32(${at(n, 3, 'b * H + j')});
  let dh = ${ghy === null ? '0.0' : at(n, 0, 'b * H + j')};
  let dc = ${gcy === null ? '0.0' : at(n, 1, 'b * H + j')} + dh * og * (1.0 - tc * tc);
  ${d(0, 'dc * gg * ig * (1.0 - ig)')}
  ${d(1, `dc * ${at(n, 2, 'b * H + j')} * fg * (1.0 - fg)`)}
  ${d(2, 'dc * ig * (1.0 - gg * gg)')}
  ${d(3, 'dh * tc * og * (1.0 - og)')}
  ${put(n, 6, 'b * H + j', 'dc * fg')}`;
  });
  return a.has_bias ? [dgates, dcx, columnSums(ctx, dgates)] : [dgates, dcx];
}
