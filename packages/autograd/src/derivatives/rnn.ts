// The fused recurrent layer's row (_rnn_layer). With a workspace from the CPU kernel and no
// create_graph, one _rnn_layer_backward call gives every input's gradient (fused BPTT). Otherwise
// (the composite ran, or higher-order gradients are wanted) the composite is run again, recorded,
// and differentiated: what PyTorch's CPU gives, since its rnn ops are differentiated that way.
import { type RnnLayerAttrs, type Tensor, rnnLayerBackwardOp, rnnLayerComposite, zeros } from '@wick/tensor';
import { runBackward } from '../engine.js';
import { gradEnabled, withGradMode } from '../grad-mode.js';
import { edgeOf } from '../record.js';
import { type Ctx, derivative } from './types.js';

/** Every input's gradient of one backward call, computed once for all of them. */
const computed = new WeakMap<readonly Tensor[], (Tensor | null)[]>();

function allGrads(c: Ctx<RnnLayerAttrs>): (Tensor | null)[] {
  let g = computed.get(c.grads);
  if (g === undefined) {
    g = gradientsOf(c);
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
  return throughComposite(inputs, a, outGrads, c.needs);
}

/** The gradients from differentiating the composite, recorded afresh on the saved inputs. */
function throughComposite(inputs: readonly Tensor[], a: RnnLayerAttrs, outGrads: readonly Tensor[], needs: readonly boolean[]): (Tensor | null)[] {
  const createGraph = gradEnabled();
  const outs = withGradMode(true, () => rnnLayerComposite(inputs, a)).slice(0, outGrads.length);
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
    each: (c, i) => allGrads(c)[i]!,
  }),
};
