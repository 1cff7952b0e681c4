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

extra['graph.gru_dropout'] = (x: Tensor, h: Tensor, ...params: Tensor[]) => {
  torch.manual_seed(7);
  return torch.gru(x, h, params, true, 2, 0.4, true, false, false);
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
        // Recorded: the kernel keeps its workspace (without autograd it may leave it out).
        const fused = torch.rnnLayer(inputs, attrs).map((t) => t.detach());
        const composite = no_grad(() => torch.rnnLayerComposite(inputs, attrs));
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        for (let k = 0; k < composite.length - 1; k++) expect(fused[k]!.sub(composite[k]!).abs().max().item()).toBeLessThan(tol);
        // The kernel keeps a workspace for backward; the composite has nothing to keep.
        expect(fused[fused.length - 1]!.numel()).toBeGreaterThan(0);
        expect(composite[composite.length - 1]!.numel()).toBe(0);
        // Without recording, the same numbers.
        const plain = no_grad(() => torch.rnnLayer(inputs, attrs));
        for (let k = 0; k < composite.length - 1; k++) expect(plain[k]!.sub(fused[k]!).abs().max().item()).toBe(0);
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

describe('the fused cells: CPU kernels and composites', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: forward and backward ops agree`, () => {
      torch.manual_seed(4);
      const r = (...shape: number[]) => torch.randn(shape, { dtype });
      const tol = dtype === 'float32' ? 1e-6 : 1e-14;
      const close = (a: readonly Tensor[], b: readonly Tensor[]) => {
        expect(a.length).toBe(b.length);
        a.forEach((t, i) => expect(t.sub(b[i]!).abs().max().item()).toBeLessThan(tol));
      };
      const gru = [r(3, 12), r(3, 12), r(3, 4), r(12), r(12)];
      close(torch.runComposite('_thnn_fused_gru_cell', gru, { has_bias: true }) as Tensor[], torch._thnn_fused_gru_cell(gru[0]!, gru[1]!, gru[2]!, gru[3]!, gru[4]!));
      const [, ws] = torch._thnn_fused_gru_cell(gru[0]!, gru[1]!, gru[2]!);
      const g = r(3, 4);
      const gruBack = torch._thnn_fused_gru_cell_backward(g, ws, true);
      close(torch.runComposite('_thnn_fused_gru_cell_backward', [g, ws], { has_bias: true }) as Tensor[], gruBack as Tensor[]);
      const lstm = [r(3, 16), r(3, 16), r(3, 4), r(16), r(16)];
      const [, cy, lws] = torch._thnn_fused_lstm_cell(lstm[0]!, lstm[1]!, lstm[2]!, lstm[3]!, lstm[4]!);
      close(torch.runComposite('_thnn_fused_lstm_cell', lstm, { has_bias: true }) as Tensor[], torch._thnn_fused_lstm_cell(lstm[0]!, lstm[1]!, lstm[2]!, lstm[3]!, lstm[4]!));
      const attrs = { has_bias: true, has_grad_hy: true, has_grad_cy: false };
      close(torch.runComposite('_thnn_fused_lstm_cell_backward_impl', [g, lstm[2]!, cy, lws], attrs) as Tensor[],
        torch._thnn_fused_lstm_cell_backward_impl(g, null, lstm[2]!, cy, lws, true) as Tensor[]);
    });
  }
});

describe('the cell functions: CPU kernels (when nothing records) and composites', () => {
  const kinds = [
    ['gru_cell', 3, 1],
    ['lstm_cell', 4, 2],
    ['rnn_tanh_cell', 1, 1],
    ['rnn_relu_cell', 1, 1],
  ] as const;
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, gates, states] of kinds) {
      it(`${dtype} ${name}, with and without biases, at batch 1 and 33`, () => {
        torch.manual_seed(5);
        const r = (...shape: number[]) => torch.randn(shape, { dtype });
        // The kernel rounds the gate pre-activations once where the composite's separate ops round
        // each sum: the bound is the RNN fixtures' forward tolerance, 32 eps of the values.
        const ulp = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
        for (const [batch, bias] of [[1, true], [33, true], [33, false]] as const) {
          const hx = Array.from({ length: states }, () => r(batch, 20));
          const inputs = [r(batch, 10), ...hx, r(gates * 20, 10), r(gates * 20, 20)];
          if (bias) inputs.push(r(gates * 20), r(gates * 20));
          const attrs = { mode: { gru_cell: 'GRU', lstm_cell: 'LSTM', rnn_tanh_cell: 'RNN_TANH', rnn_relu_cell: 'RNN_RELU' }[name], has_b_ih: bias, has_b_hh: bias };
          const want = torch.runComposite(name, inputs, attrs) as Tensor[];
          const fn = torch[name] as unknown as (...a: unknown[]) => Tensor | Tensor[];
          const args = [inputs[0], states === 2 ? hx : hx[0], inputs[states + 1], inputs[states + 2], ...(bias ? inputs.slice(states + 3) : [])];
          const got = no_grad(() => fn(...args));
          const list = Array.isArray(got) ? got : [got];
          expect(list.length).toBe(want.length);
          list.forEach((t, i) => {
            const scale = Math.max(1, want[i]!.abs().max().item() as number);
            expect(t.sub(want[i]!).abs().max().item()).toBeLessThanOrEqual(32 * ulp * scale);
          });
        }
      });
    }
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

describe('call forms', () => {
  const r = (...shape: number[]) => torch.randn(shape, { dtype: 'float64' });
  const same = (a: Tensor, b: Tensor) => expect(a.sub(b).abs().max().item()).toBe(0);

  it('the fused cells take their arguments positionally or by name', () => {
    const [ig, hg, h, bi, bh] = [r(2, 6), r(2, 6), r(2, 2), r(6), r(6)];
    const [hy, ws] = torch._thnn_fused_gru_cell(ig, hg, h, bi, bh);
    const [hy2, ws2] = torch._thnn_fused_gru_cell(ig, { hidden_gates: hg, hx: h, input_bias: bi, hidden_bias: bh });
    same(hy, hy2);
    same(ws, ws2);
    const [g, c] = [r(2, 8), r(2, 2)];
    const [lh, lc, lws] = torch._thnn_fused_lstm_cell(g, g, c);
    const [lh2, lc2, lws2] = torch._thnn_fused_lstm_cell({ input_gates: g, hidden_gates: g, cx: c });
    [[lh, lh2], [lc, lc2], [lws, lws2]].forEach(([a, b]) => same(a!, b!));
  });

  it('the backward ops take theirs positionally or by name, and give what autograd gives', () => {
    const [ig, hg, h] = [r(2, 6).requires_grad_(), r(2, 6).requires_grad_(), r(2, 2).requires_grad_()];
    const [hy, ws] = torch._thnn_fused_gru_cell(ig, hg, h);
    const gy = r(2, 2);
    const viaAutograd = grad(hy, [ig, hg, h], { grad_outputs: gy });
    const [dig, dhg, dh, dbi, dbh] = torch._thnn_fused_gru_cell_backward(gy, ws.detach(), false);
    same(dig, viaAutograd[0]!);
    same(dhg, viaAutograd[1]!);
    same(dh, viaAutograd[2]!);
    expect([dbi, dbh]).toEqual([null, null]);
    const byName = torch._thnn_fused_gru_cell_backward(gy, { workspace: ws.detach(), has_bias: true });
    same(byName[3]!, dig.sum(0));

    const [g, c] = [r(2, 8), r(2, 2)];
    const [, cy, lws] = torch._thnn_fused_lstm_cell(g, g, c);
    const [dgates, dcx, dbias] = torch._thnn_fused_lstm_cell_backward_impl(null, r(2, 2), c, cy, lws, true);
    expect(dgates.shape).toEqual([2, 8]);
    expect(dcx.shape).toEqual([2, 2]);
    same(dbias!, dgates.sum(0));
    const again = torch._thnn_fused_lstm_cell_backward_impl({ grad_hy: null, grad_cy: null, cx: c, cy, workspace: lws, has_bias: false });
    expect(again[2]).toBeNull();
    same(again[0], torch.zeros([2, 8], { dtype: 'float64' }));
  });

  it('refuses wrong calls with named errors', () => {
    // @ts-expect-error -- hx is missing
    expect(() => torch._thnn_fused_gru_cell(r(2, 6), r(2, 6))).toThrow(torch.ArgumentError);
    expect(() => torch._thnn_fused_gru_cell(r(2, 6), r(2, 6), r(2, 2), r(6))).toThrow(
      '_thnn_fused_gru_cell: input_bias and hidden_bias must both be given or both be None',
    );
    expect(() => torch._thnn_fused_gru_cell(r(2, 6), r(2, 5), r(2, 2))).toThrow(torch.ShapeError);
    expect(() => torch._thnn_fused_lstm_cell(r(2, 6), r(2, 6), r(2, 2))).toThrow(torch.ShapeError);
    // @ts-expect-error -- workspace and has_bias are missing
    expect(() => torch._thnn_fused_lstm_cell_backward_impl(null, null, r(2, 2), r(2, 2))).toThrow(torch.ArgumentError);
  });
});
