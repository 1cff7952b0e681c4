// PyTorch's fused cell ops (its CUDA kernels in aten/src/ATen/native/cuda/RNN.cu): the gate math of
// one GRU or LSTM step from precomputed input and hidden projections, with the workspace their
// backward ops read. Each op has its own derivative row; the backward ops are ops of their own.
//   _thnn_fused_gru_cell  -> (hy, workspace [B, 5H] = [r, z, n, hx, hn])   (hn includes hidden_bias)
//   _thnn_fused_lstm_cell -> (hy, cy, workspace [B, 4H] = [i, f, g, o])    (gates after activation)
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type PyArgs, defineFunction } from '../signature/index.js';
import { cat } from './join.js';
import { defineComposite, registerKernel, runComposite } from './table.js';
import { fusedGruCell, fusedGruCellBackward, fusedKernelTakes, fusedLstmCell, fusedLstmCellBackward } from '../cpu/rnn-cell.js';

interface FusedAttrs {
  has_bias: boolean;
}

function gates(inputs: readonly Tensor[], a: FusedAttrs): [Tensor, Tensor] {
  const [ig, hg] = inputs as [Tensor, Tensor];
  return a.has_bias ? [ig.add(inputs[3]!), hg.add(inputs[4]!)] : [ig, hg];
}

function checkFused(name: string, chunks: number) {
  return (inputs: readonly Tensor[], a: FusedAttrs) => {
    const [ig, hg, state] = inputs as [Tensor, Tensor, Tensor];
    const H = state.shape[state.ndim - 1]!;
    const same = (x: Tensor, y: Tensor) => x.shape.length === y.shape.length && x.shape.every((s, i) => s === y.shape[i]);
    if (!same(ig, hg)) throw new ShapeError(`${name}: input_gates [${ig.shape.join(', ')}] and hidden_gates [${hg.shape.join(', ')}] differ in size`);
    if (ig.ndim !== 2 || ig.shape[1] !== chunks * H || ig.shape[0] !== state.shape[0]) {
      throw new ShapeError(`${name}: expected gates of size [${state.shape[0]}, ${chunks * H}], got [${ig.shape.join(', ')}]`);
    }
    if (a.has_bias) {
      for (const b of [inputs[3]!, inputs[4]!]) {
        if (b.ndim !== 1 || b.shape[0] !== chunks * H) throw new ShapeError(`${name}: expected a bias of size [${chunks * H}], got [${b.shape.join(', ')}]`);
      }
    }
  };
}

/** GRU: r, z = σ(.), n = tanh(i_n + r * h_n), hy = n + z * (hx - n). */
export function fusedGruComposite(inputs: readonly Tensor[], a: FusedAttrs): Tensor[] {
  const [ig, hg] = gates(inputs, a);
  const hx = inputs[2]!;
  const [ir, iz, inew] = ig.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = hg.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const r = ir.add(hr).sigmoid();
  const z = iz.add(hz).sigmoid();
  const n = inew.add(r.mul(hn)).tanh();
  const hy = n.add(z.mul(hx.sub(n)));
  return [hy, cat([r, z, n, hx, hn], 1)];
}

/** LSTM: cy = σ(f) cx + σ(i) tanh(g), hy = σ(o) tanh(cy). */
export function fusedLstmComposite(inputs: readonly Tensor[], a: FusedAttrs): Tensor[] {
  const [ig, hg] = gates(inputs, a);
  const cx = inputs[2]!;
  const [pi, pf, pg, po] = ig.add(hg).chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const i = pi.sigmoid();
  const f = pf.sigmoid();
  const g = pg.tanh();
  const o = po.sigmoid();
  const cy = f.mul(cx).add(i.mul(g));
  const hy = o.mul(cy.tanh());
  return [hy, cy, cat([i, f, g, o], 1)];
}

const gruOp = defineComposite<FusedAttrs>('_thnn_fused_gru_cell', {
  composite: fusedGruComposite, derivative: 'own', check: checkFused('_thnn_fused_gru_cell', 3),
});
const lstmOp = defineComposite<FusedAttrs>('_thnn_fused_lstm_cell', {
  composite: fusedLstmComposite, derivative: 'own', check: checkFused('_thnn_fused_lstm_cell', 4),
});

/** Gradients of the GRU gates from grad_hy and the workspace: [d input_gates, d hidden_gates, d hx, (d input_bias, d hidden_bias)]. */
function gruBackward(inputs: readonly Tensor[], a: FusedAttrs): Tensor[] {
  const [grad, ws] = inputs as [Tensor, Tensor];
  const [r, z, n, hx, hn] = ws.chunk(5, 1) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const dnPre = grad.mul(z.neg().add(1)).mul(n.mul(n).neg().add(1));
  const dzPre = grad.mul(hx.sub(n)).mul(z).mul(z.neg().add(1));
  const drPre = dnPre.mul(hn).mul(r).mul(r.neg().add(1));
  const dig = cat([drPre, dzPre, dnPre], 1);
  const dhg = cat([drPre, dzPre, dnPre.mul(r)], 1);
  const out = [dig, dhg, grad.mul(z)];
  if (a.has_bias) out.push(dig.sum(0), dhg.sum(0));
  return out;
}

/** Gradients of the LSTM gates: [d gates, d cx, (d bias)]; grad_hy and grad_cy may be absent (has_grad_hy, has_grad_cy). */
function lstmBackward(inputs: readonly Tensor[], a: LstmBackwardAttrs): Tensor[] {
  let k = 0;
  const ghy = a.has_grad_hy ? inputs[k++]! : null;
  const gcy = a.has_grad_cy ? inputs[k++]! : null;
  const [cx, cy, ws] = inputs.slice(k) as [Tensor, Tensor, Tensor];
  const [i, f, g, o] = ws.chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const tc = cy.tanh();
  const zero = cx.mul(0);
  const dhy = ghy ?? zero;
  const dc = (gcy ?? zero).add(dhy.mul(o).mul(tc.mul(tc).neg().add(1)));
  const dgates = cat([
    dc.mul(g).mul(i).mul(i.neg().add(1)),
    dc.mul(cx).mul(f).mul(f.neg().add(1)),
    dc.mul(i).mul(g.mul(g).neg().add(1)),
    dhy.mul(tc).mul(o).mul(o.neg().add(1)),
  ], 1);
  const out = [dgates, dc.mul(f)];
  if (a.has_bias) out.push(dgates.sum(0));
  return out;
}

const gruBackwardOp = defineComposite<FusedAttrs>('_thnn_fused_gru_cell_backward', { composite: gruBackward, derivative: 'composite' });
const lstmBackwardOp = defineComposite<LstmBackwardAttrs>(
  '_thnn_fused_lstm_cell_backward_impl', { composite: lstmBackward, derivative: 'composite' },
);

type LstmBackwardAttrs = FusedAttrs & { has_grad_hy: boolean; has_grad_cy: boolean };

// CPU kernels for float32 and float64 (one dtype throughout); anything else runs the composite.
registerKernel<FusedAttrs>('_thnn_fused_gru_cell', 'cpu', (inputs, a) =>
  fusedKernelTakes(inputs) ? fusedGruCell(inputs, a.has_bias) : runComposite('_thnn_fused_gru_cell', inputs, a));
registerKernel<FusedAttrs>('_thnn_fused_lstm_cell', 'cpu', (inputs, a) =>
  fusedKernelTakes(inputs) ? fusedLstmCell(inputs, a.has_bias) : runComposite('_thnn_fused_lstm_cell', inputs, a));
registerKernel<FusedAttrs>('_thnn_fused_gru_cell_backward', 'cpu', (inputs, a) =>
  fusedKernelTakes(inputs) ? fusedGruCellBackward(inputs, a.has_bias) : runComposite('_thnn_fused_gru_cell_backward', inputs, a));
registerKernel<LstmBackwardAttrs>('_thnn_fused_lstm_cell_backward_impl', 'cpu', (inputs, a) =>
  fusedKernelTakes(inputs) ? fusedLstmCellBackward(inputs, a) : runComposite('_thnn_fused_lstm_cell_backward_impl', inputs, a));

interface FusedOptions { input_gates?: Tensor; hidden_gates?: Tensor; input_bias?: Tensor | null; hidden_bias?: Tensor | null }
type FusedArgs<S extends string> = PyArgs<[input_gates: Tensor, hidden_gates: Tensor, state: Tensor, input_bias?: Tensor | null, hidden_bias?: Tensor | null],
  FusedOptions & { [K in S]?: Tensor }>;

const differs = 'PyTorch exposes this CUDA-only op as torch.ops.aten only; wick has it on every device, as torch.*';

function fusedInputs(name: string, b: Record<string, unknown>, state: string): [Tensor[], FusedAttrs] {
  const inputs = [b.input_gates as Tensor, b.hidden_gates as Tensor, b[state] as Tensor];
  const hasBias = b.input_bias !== null;
  if (hasBias !== (b.hidden_bias !== null)) throw new ValueError(`${name}: input_bias and hidden_bias must both be given or both be None`);
  if (hasBias) inputs.push(b.input_bias as Tensor, b.hidden_bias as Tensor);
  return [inputs, { has_bias: hasBias }];
}

/** torch._thnn_fused_gru_cell: (hy, workspace). */
export const _thnn_fused_gru_cell = defineFunction<(...args: FusedArgs<'hx'>) => [Tensor, Tensor]>('_thnn_fused_gru_cell',
  '_thnn_fused_gru_cell(Tensor input_gates, Tensor hidden_gates, Tensor hx, Tensor? input_bias=None, Tensor? hidden_bias=None)',
  (b) => {
    const [inputs, attrs] = fusedInputs('_thnn_fused_gru_cell', b, 'hx');
    const [hy, ws] = gruOp.callMulti(inputs, attrs) as Tensor[];
    return [hy!, ws!];
  }, { differs });

/** torch._thnn_fused_lstm_cell: (hy, cy, workspace). */
export const _thnn_fused_lstm_cell = defineFunction<(...args: FusedArgs<'cx'>) => [Tensor, Tensor, Tensor]>('_thnn_fused_lstm_cell',
  '_thnn_fused_lstm_cell(Tensor input_gates, Tensor hidden_gates, Tensor cx, Tensor? input_bias=None, Tensor? hidden_bias=None)',
  (b) => {
    const [inputs, attrs] = fusedInputs('_thnn_fused_lstm_cell', b, 'cx');
    const [hy, cy, ws] = lstmOp.callMulti(inputs, attrs) as Tensor[];
    return [hy!, cy!, ws!];
  }, { differs });

type GruBackwardFn = (...args: PyArgs<[grad_hy: Tensor, workspace: Tensor, has_bias: boolean], { grad_hy?: Tensor; workspace?: Tensor; has_bias?: boolean }>)
  => [Tensor, Tensor, Tensor, Tensor | null, Tensor | null];

/** torch._thnn_fused_gru_cell_backward: (grad_input_gates, grad_hidden_gates, grad_hx, grad_input_bias, grad_hidden_bias). */
export const _thnn_fused_gru_cell_backward = defineFunction<GruBackwardFn>('_thnn_fused_gru_cell_backward',
  '_thnn_fused_gru_cell_backward(Tensor grad_hy, Tensor workspace, bool has_bias)',
  (b) => {
    const out = gruBackwardOp.callMulti([b.grad_hy as Tensor, b.workspace as Tensor], { has_bias: b.has_bias as boolean }) as Tensor[];
    return [out[0]!, out[1]!, out[2]!, out[3] ?? null, out[4] ?? null];
  }, { differs });

type LstmBackwardFn = (...args: PyArgs<[grad_hy: Tensor | null, grad_cy: Tensor | null, cx: Tensor, cy: Tensor, workspace: Tensor, has_bias: boolean],
  { grad_hy?: Tensor | null; grad_cy?: Tensor | null; cx?: Tensor; cy?: Tensor; workspace?: Tensor; has_bias?: boolean }>) => [Tensor, Tensor, Tensor | null];

/** torch._thnn_fused_lstm_cell_backward_impl: (grad_gates, grad_cx, grad_bias). */
export const _thnn_fused_lstm_cell_backward_impl = defineFunction<LstmBackwardFn>('_thnn_fused_lstm_cell_backward_impl',
  '_thnn_fused_lstm_cell_backward_impl(Tensor? grad_hy, Tensor? grad_cy, Tensor cx, Tensor cy, Tensor workspace, bool has_bias)',
  (b) => {
    const grads = [b.grad_hy, b.grad_cy].filter((g): g is Tensor => g !== null);
    const attrs = { has_bias: b.has_bias as boolean, has_grad_hy: b.grad_hy !== null, has_grad_cy: b.grad_cy !== null };
    const out = lstmBackwardOp.callMulti([...grads, b.cx as Tensor, b.cy as Tensor, b.workspace as Tensor], attrs) as Tensor[];
    return [out[0]!, out[1]!, out[2] ?? null];
  }, { differs });

export { gruBackwardOp as fusedGruBackwardOp, lstmBackwardOp as fusedLstmBackwardOp };
