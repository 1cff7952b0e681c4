// The fused recurrent layer's row (_rnn_layer). With a workspace from the CPU kernel and no
// create_graph, one _rnn_layer_backward call gives every input's gradient (fused BPTT). Otherwise
// (the composite ran, or higher-order gradients are wanted) the composite is run again, recorded,
// and differentiated: what PyTorch's CPU gives, since its rnn ops are differentiated that way.
import {
  type RnnLayerAttrs, type Tensor, fusedGruBackwardOp, fusedGruComposite, fusedLstmBackwardOp, fusedLstmComposite, rnnLayerBackwardOp,
  rnnLayerComposite, zeros,
} from '@wick/tensor';
import { runBackward } from '../engine.js';
import { gradEnabled, withGradMode } from '../grad-mode.js';
import { edgeOf } from '../record.js';
import { type Ctx, derivative } from './types.js';

/** Every input's gradient of one backward call, computed once for all of them. */
const computed = new WeakMap<readonly Tensor[], (Tensor | null)[]>();

function once<A>(c: Ctx<A>, f: (c: Ctx<A>) => (Tensor | null)[]): (Tensor | null)[] {
  let g = computed.get(c.grads);
  if (g === undefined) {
    g = f(c);
    computed.set(c.grads, g);
  }
  return g;
}

function gradientsOf(c: Ctx<RnnLayerAttrs>): (Tensor | null)[] {
  const a = c.attrs;
  const inputs = c.savedList('inputs');
  const ws = c.saved('workspace');
  const lstm = a.mode === 'LSTM';
  const outGrads = c.grads.slice(0, lstm ? 3 : 2);
  if (ws.numel() > 0 && !gradEnabled()) {
    const x = inputs[0]!;
    const k = lstm ? 3 : 2;
    const w = [inputs[k]!, inputs[k + 1]!, ...(a.has_proj ? [inputs[inputs.length - 1]!] : [])];
    return rnnLayerBackwardOp.callMulti([x, ...w, ws, ...outGrads], a) as Tensor[];
  }
  return throughComposite(rnnLayerComposite, inputs, a, outGrads, c.needs);
}

/** The gradients from differentiating the composite, recorded afresh on the saved inputs. */
function throughComposite<A>(
  composite: (inputs: readonly Tensor[], a: A) => Tensor[], inputs: readonly Tensor[], a: A, outGrads: readonly Tensor[], needs: readonly boolean[],
): (Tensor | null)[] {
  const createGraph = gradEnabled();
  const outs = withGradMode(true, () => composite(inputs, a)).slice(0, outGrads.length);
  const roots = outs.map((o, i) => [o, outGrads[i]!] as const).filter(([o]) => o.requires_grad);
  const captures = inputs.map((t, i) => (needs[i] && t.requires_grad ? edgeOf(t) : null));
  const got = runBackward(roots.map(([o]) => edgeOf(o)), roots.map(([, g]) => g), { keepGraph: createGraph, createGraph, captures });
  return got.map((g, i) => (g ?? (needs[i] ? zeros(inputs[i]!.shape as number[], { dtype: inputs[i]!.dtype, device: inputs[i]!.device }) : null)));
}

export const rnnDerivatives = {
  _rnn_layer: derivative<RnnLayerAttrs>({
    node: 'RnnLayerBackward0',
    args: ['...inputs'],
    saves: ['...inputs', 'workspace'],
    grads: {},
    each: (c, i) => once(c, gradientsOf)[i]!,
  }),
  // PyTorch's rows: the fused backward op, or under create_graph the differentiable formulas
  // (_thnn_differentiable_*_cell_backward), which differentiating the composite gives.
  _thnn_fused_gru_cell: derivative<{ has_bias: boolean }>({
    node: 'ThnnFusedGruCellBackward0',
    args: ['...inputs'],
    saves: ['...inputs', 'workspace'],
    grads: {},
    each: (c, i) => once(c, (c) => {
      if (gradEnabled()) return throughComposite(fusedGruComposite, c.savedList('inputs'), c.attrs, [c.grads[0]!], c.needs);
      return fusedGruBackwardOp.callMulti([c.grads[0]!, c.saved('workspace')], c.attrs) as Tensor[];
    })[i]!,
  }),
  _thnn_fused_lstm_cell: derivative<{ has_bias: boolean }>({
    node: 'ThnnFusedLstmCellBackward0',
    args: ['...inputs'],
    saves: ['...inputs', 'result1', 'workspace'],
    grads: {},
    each: (c, i) => once(c, (c) => {
      if (gradEnabled()) return throughComposite(fusedLstmComposite, c.savedList('inputs'), c.attrs, [c.grads[0]!, c.grads[1]!], c.needs);
      const inputs = c.savedList('inputs');
      const attrs = { ...c.attrs, has_grad_hy: true, has_grad_cy: true };
      const [dgates, dcx, dbias] = fusedLstmBackwardOp.callMulti([c.grads[0]!, c.grads[1]!, inputs[2]!, c.saved('result1'), c.saved('workspace')], attrs) as Tensor[];
      // The gates' gradient serves both projections, and the bias's both biases (PyTorch's _thnn_fused_lstm_cell_backward).
      return c.attrs.has_bias ? [dgates!, dgates!, dcx!, dbias!, dbias!] : [dgates!, dgates!, dcx!];
    })[i]!,
  }),
};
