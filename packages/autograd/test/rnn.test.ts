// The recurrent ops against PyTorch: fixtures/autograd/rnn.msgpack (tools/fixtures/autograd_cases/rnn.py)
// gives outputs and gradients of torch.gru/lstm/rnn_tanh/rnn_relu (padded and packed), the cell
// functions, the fused cells (against PyTorch's CPU math for them) and second derivatives through
// gru and lstm. Beyond PyTorch's numbers: the fused layer kernel agrees with its composite, the
// fused gradient passes gradcheck, and the nodes are the ones expected.
import * as torch from '@wick/tensor';
import type { RnnLayerAttrs, RnnMode, Tensor } from '@wick/tensor';
import { runGradFixture } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { grad, gradcheck, install, no_grad } from '../src/index.js';

install();

const gradOf = (outputs: Tensor[], inputs: Tensor[], grad_outputs: Tensor[]) => grad(outputs, inputs, { grad_outputs, allow_unused: true });

const extra: Record<string, (...args: never[]) => unknown> = {
  'graph.fused_gru': (ig: Tensor, hg: Tensor, hx: Tensor, bi: Tensor, bh: Tensor) => torch._thnn_fused_gru_cell(ig, hg, hx, bi, bh),
  'graph.fused_lstm': (ig: Tensor, hg: Tensor, cx: Tensor, bi: Tensor, bh: Tensor) => torch._thnn_fused_lstm_cell(ig, hg, cx, bi, bh),
  'graph.gru_double': (x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) => {
    const [out] = torch.gru(x, h, [w_ih, w_hh, b_ih, b_hh], true, 1, 0, false, false, false);
    return grad(out.mul(out).sum(), [w_hh, x], { create_graph: true });
  },
  'graph.lstm_double': (x: Tensor, h: Tensor, c: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) => {
    const [out, , cn] = torch.lstm(x, [h, c], [w_ih, w_hh, b_ih, b_hh], true, 1, 0, false, false, false);
    return grad(out.mul(out).sum().add(cn.sum()), [w_ih, h], { create_graph: true });
  },
};

describe('rnn ops against PyTorch', () => runGradFixture('autograd/rnn.msgpack', torch, { grad: gradOf, extra: extra as never }));

/** Random inputs of one _rnn_layer call: [x, h0, (c0), w_ih, w_hh, b_ih, b_hh, (w_hr)]. */
function layerInputs(mode: RnnMode, dtype: 'float32' | 'float64', batchSizes: number[], proj = 0): Tensor[] {
  const H = 5;
  const P = proj || H;
  const G = { RNN_TANH: 1, RNN_RELU: 1, GRU: 3, LSTM: 4 }[mode] * H;
  const rows = batchSizes.reduce((a, b) => a + b, 0);
  const r = (...shape: number[]) => torch.randn(shape, { dtype }).mul(0.5).requires_grad_();
  const inputs = [r(rows, 3), r(batchSizes[0]!, P)];
  if (mode === 'LSTM') inputs.push(r(batchSizes[0]!, H));
  inputs.push(r(G, 3), r(G, P), r(G), r(G));
  if (proj) inputs.push(r(P, H));
  return inputs;
}

const cases: [string, RnnMode, number[], boolean, number][] = [
  ['GRU packed', 'GRU', [3, 3, 2, 1], false, 0],
  ['GRU packed reverse', 'GRU', [3, 2, 2, 1], true, 0],
  ['LSTM packed', 'LSTM', [3, 2, 1], false, 0],
  ['LSTM proj reverse', 'LSTM', [3, 3, 1], true, 2],
  ['RNN_TANH reverse', 'RNN_TANH', [2, 2, 2], true, 0],
  ['RNN_RELU packed', 'RNN_RELU', [3, 1], false, 0],
];

describe('_rnn_layer: the CPU kernel and its composite', () => {
  for (const [name, mode, batchSizes, reverse, proj] of cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} ${dtype}: the same outputs`, () => {
        torch.manual_seed(1);
        const inputs = layerInputs(mode, dtype, batchSizes, proj);
        const attrs: RnnLayerAttrs = { mode, batch_sizes: batchSizes, reverse, has_biases: true, has_proj: proj > 0 };
        const fused = no_grad(() => torch.rnnLayer(inputs, attrs));
        const composite = no_grad(() => torch.rnnLayerComposite(inputs, attrs));
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        for (let k = 0; k < composite.length - 1; k++) expect(fused[k]!.sub(composite[k]!).abs().max().item()).toBeLessThan(tol);
        // The kernel saves a workspace; the composite has nothing to save.
        expect(fused[fused.length - 1]!.numel()).toBeGreaterThan(0);
        expect(composite[composite.length - 1]!.numel()).toBe(0);
      });
    }
    it(`${name}: the fused gradient passes float64 gradcheck`, () => {
      torch.manual_seed(2);
      const inputs = layerInputs(mode, 'float64', batchSizes, proj);
      const attrs: RnnLayerAttrs = { mode, batch_sizes: batchSizes, reverse, has_biases: true, has_proj: proj > 0 };
      // The workspace is internal: gradcheck sees the op's real outputs.
      const f = (...xs: Tensor[]) => torch.rnnLayer(xs, attrs).slice(0, mode === 'LSTM' ? 3 : 2);
      expect(gradcheck(f, inputs, { eps: 1e-6, atol: 1e-5 })).toBe(true);
    });
  }
});

describe('nodes', () => {
  const name = (t: Tensor) => (t.grad_fn as { name(): string }).name();
  it('a layer-direction is one node, and a fused cell one node', () => {
    const w = [torch.randn([6, 3]), torch.randn([6, 2]), torch.randn([6]), torch.randn([6])].map((t) => t.requires_grad_());
    // Packed, one layer: the output is the layer op's own.
    const [out] = torch.gru(torch.randn([4, 3]), torch.tensor([2, 1, 1]), torch.zeros([1, 2, 2]), w, true, 1, 0, false, false);
    expect(name(out)).toBe('RnnLayerBackward0');
    const [hy] = torch._thnn_fused_gru_cell(torch.randn([2, 6]).requires_grad_(), torch.randn([2, 6]), torch.randn([2, 2]));
    expect(name(hy)).toBe('ThnnFusedGruCellBackward0');
  });

  it("the fused gradient agrees with the composite's, differentiated op by op", () => {
    torch.manual_seed(3);
    const inputs = layerInputs('GRU', 'float64', [2, 1], 0);
    const attrs: RnnLayerAttrs = { mode: 'GRU', batch_sizes: [2, 1], reverse: false, has_biases: true, has_proj: false };
    const fused = torch.rnnLayer(inputs, attrs);
    const gFused = grad(fused[0]!.sum(), inputs);
    const composite = torch.rnnLayerComposite(inputs, attrs);
    const gComposite = grad(composite[0]!.sum(), inputs);
    gFused.forEach((g, i) => expect(g!.sub(gComposite[i]!).abs().max().item()).toBeLessThan(1e-12));
  });
});
