// The composite graphs of tools/fixtures/autograd_cases/graphs.py written with wick's ops, as in
// packages/autograd/test/fixtures.test.ts (which holds the typed twin of these functions).
import * as torch from '@wick/torch';

const { grad } = torch.autograd;

/** A GRU cell unrolled over x's first dim: [all hidden states, last hidden state]. */
function gru(x, h0, w_ih, w_hh, b_ih, b_hh) {
  let h = h0;
  const outs = [];
  for (let t = 0; t < x.shape[0]; t++) {
    const [i_r, i_z, i_n] = torch.linear(x.select(0, t), w_ih, b_ih).chunk(3, 1);
    const [h_r, h_z, h_n] = torch.linear(h, w_hh, b_hh).chunk(3, 1);
    const r = i_r.add(h_r).sigmoid();
    const z = i_z.add(h_z).sigmoid();
    const n = i_n.add(r.mul(h_n)).tanh();
    h = n.add(z.mul(h.sub(n)));
    outs.push(h);
  }
  return [torch.stack(outs, 0), h];
}

export const graphs = {
  'graph.inplace_copy': (x, y) => {
    const buf = torch.zeros([3, 4], { dtype: x.dtype });
    buf.select(0, 0).copy_(x.tanh());
    buf.narrow(0, 1, 2).copy_(y.mul(2));
    buf.select(1, 1).mul_(3);
    return buf.exp();
  },
  'graph.inplace_chain': (x) => {
    const h = x.mul(1);
    h.add_(1);
    h.mul_(2);
    h.narrow(1, 0, 2).sigmoid_();
    return h;
  },
  'graph.inplace_mul_tensor': (x, y) => x.mul(1).mul_(y),
  'graph.mlp': (x, w1, b1, w2, b2) => torch.linear(torch.linear(x, w1, b1).tanh(), w2, b2).relu().log_softmax(1),
  'graph.gru': gru,
  'graph.double_mlp': (x, w1, b1, w2) => {
    const y = torch.linear(torch.linear(x, w1, b1).tanh(), w2).sigmoid().pow(2).sum();
    return grad(y, [w1, w2], { create_graph: true });
  },
  'graph.double_gru': (x, h, w_ih, w_hh, b_ih, b_hh) => {
    const [out, last] = gru(x, h, w_ih, w_hh, b_ih, b_hh);
    const y = out.mul(out).sum().add(last.softmax(1).logsumexp(1).mean());
    return grad(y, [w_ih, w_hh, h], { create_graph: true });
  },
  // tools/fixtures/autograd_cases/getitem.py: x[index] = value as PyTorch users write it.
  'graph.setitem_slice': (x, v) => {
    const h = x.mul(1);
    h.__setitem__([':', '1:3'], v.unsqueeze(1));
    return h;
  },
  'graph.setitem_index': (x, v) => {
    const h = x.mul(1);
    h.__setitem__([[0, 2]], v);
    return h;
  },
  'graph.setitem_mask': (x) => {
    const h = x.mul(1);
    h.__setitem__(h.gt(0), 0.5);
    return h;
  },
  'graph.setitem_view_index': (x, v) => {
    const h = x.mul(1);
    h.__getitem__(1).__setitem__([[0, 3]], v);
    return h;
  },
  'graph.setitem_scalar_tensor': (w) => {
    const z = torch.zeros([3, 4], { dtype: w.dtype });
    z.__setitem__([':', 0], w);
    return z;
  },
};
