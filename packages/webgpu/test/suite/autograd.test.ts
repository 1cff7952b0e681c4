// Gradients against PyTorch on the device under test: the fixture files packages/autograd/test runs
// with runGradFixture (ops, graphs, getitem, rnn, sort). Leaves are made on the device, the
// gradients come back with `await t.read()`.
import { grad, install } from '@wick/autograd';
import * as torch from '@wick/tensor';
import type { Tensor } from '@wick/tensor';
import { runGradFixture } from '@wick/testing';
import { describe } from 'vitest';
import { batchSizesOnCpu, suiteDevice } from './device.js';
import { knownFailures, notOnADevice } from './known-failures.js';

install();
const device = await suiteDevice();

/** F.embedding as @wick/nn defines it (the same helper as packages/autograd/test/fixtures.test.ts). */
function functionalEmbedding(input: Tensor, weight: Tensor, padding_idx: number | null = null): Tensor {
  const pad = padding_idx === null ? -1 : padding_idx < 0 ? padding_idx + weight.size(0) : padding_idx;
  return torch.embedding(weight, input, pad);
}

const ns = {
  ...torch,
  nn: { functional: { pad: torch.functionalPad, embedding: functionalEmbedding, linear: torch.linear } },
};

const gradOf = (outputs: Tensor[], inputs: Tensor[], grad_outputs: Tensor[]) => grad(outputs, inputs, { grad_outputs, allow_unused: true });

/** A GRU cell unrolled over x's first dim: [all hidden states, last hidden state]. */
function gru(x: Tensor, h0: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor): [Tensor, Tensor] {
  let h = h0;
  const outs: Tensor[] = [];
  for (let t = 0; t < x.shape[0]!; t++) {
    const gi = torch.linear(x.select(0, t), w_ih, b_ih);
    const gh = torch.linear(h, w_hh, b_hh);
    const [i_r, i_z, i_n] = gi.chunk(3, 1);
    const [h_r, h_z, h_n] = gh.chunk(3, 1);
    const r = i_r!.add(h_r!).sigmoid();
    const z = i_z!.add(h_z!).sigmoid();
    const n = i_n!.add(r.mul(h_n!)).tanh();
    h = n.add(z.mul(h.sub(n)));
    outs.push(h);
  }
  return [torch.stack(outs, 0), h];
}

// The composites of tools/fixtures/autograd_cases/graphs.py and getitem.py, as
// packages/autograd/test/fixtures.test.ts writes them, with new tensors made on the inputs' device.
const graphs: Record<string, (...args: never[]) => unknown> = {
  'graph.inplace_copy': (x: Tensor, y: Tensor) => {
    const buf = torch.zeros([3, 4], { dtype: x.dtype, device: x.device });
    buf.select(0, 0).copy_(x.tanh());
    buf.narrow(0, 1, 2).copy_(y.mul(2));
    buf.select(1, 1).mul_(3);
    return buf.exp();
  },
  'graph.inplace_chain': (x: Tensor) => {
    const h = x.mul(1);
    h.add_(1);
    h.mul_(2);
    h.narrow(1, 0, 2).sigmoid_();
    return h;
  },
  'graph.inplace_mul_tensor': (x: Tensor, y: Tensor) => x.mul(1).mul_(y),
  'graph.mlp': (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => {
    const h = torch.linear(x, w1, b1).tanh();
    return torch.linear(h, w2, b2).relu().log_softmax(1);
  },
  'graph.gru': gru,
  'graph.double_mlp': (x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor) => {
    const y = torch.linear(torch.linear(x, w1, b1).tanh(), w2).sigmoid().pow(2).sum();
    return grad(y, [w1, w2], { create_graph: true });
  },
  'graph.double_gru': (x: Tensor, h: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor, b_hh: Tensor) => {
    const [out, last] = gru(x, h, w_ih, w_hh, b_ih, b_hh);
    const y = out.mul(out).sum().add(last.softmax(1).logsumexp(1).mean());
    return grad(y, [w_ih, w_hh, h], { create_graph: true });
  },
  'graph.setitem_slice': (x: Tensor, v: Tensor) => {
    const h = x.mul(1);
    h.__setitem__([':', '1:3'], v.unsqueeze(1));
    return h;
  },
  'graph.setitem_index': (x: Tensor, v: Tensor) => {
    const h = x.mul(1);
    h.__setitem__([[0, 2]], v);
    return h;
  },
  'graph.setitem_mask': (x: Tensor) => {
    const h = x.mul(1);
    h.__setitem__(h.gt(0), 0.5);
    return h;
  },
  'graph.setitem_view_index': (x: Tensor, v: Tensor) => {
    const h = x.mul(1);
    h.__getitem__(1).__setitem__([[0, 3]], v);
    return h;
  },
  'graph.setitem_scalar_tensor': (w: Tensor) => {
    const z = torch.zeros([3, 4], { dtype: w.dtype, device: w.device });
    z.__setitem__([':', 0], w);
    return z;
  },
  // packages/autograd/test/rnn.test.ts's composites.
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
  'graph.gru_dropout': (x: Tensor, h: Tensor, ...params: Tensor[]) => {
    torch.manual_seed(7);
    return torch.gru(x, h, params, true, 2, 0.4, true, false, false);
  },
};
const extra = graphs as Record<string, (...args: unknown[]) => unknown>;

for (const family of ['ops', 'graphs', 'getitem', 'rnn', 'sort', 'einsum']) {
  const file = `autograd/${family}.msgpack`;
  describe(family, () => runGradFixture(file, ns, { grad: gradOf, extra, device, skip: notOnADevice(file), knownFailures: knownFailures(file), onCpu: batchSizesOnCpu }));
}
