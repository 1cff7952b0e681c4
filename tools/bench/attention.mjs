// Attention, timed in wick and in PyTorch: scaled_dot_product_attention on [8, 8, 128, 64]
// (batch, heads, sequence, head dim), plain and causal, and a batch_first MultiheadAttention(256, 8)
// self-attention over [8, 128, 256] (its projections, the attention, the output projection),
// forward (inference) and fwd+bwd.
// FLOPs of the attention core: 2 * B * H * L * L * E for the scores and as many for the weighted sum.
import { loadRecording } from './lib.mjs';

export const title = 'attention';
export const packages = ['tensor', 'autograd', 'nn'];

export async function cases() {
  const { torch, autograd, nn } = await loadRecording();
  const [b, h, l, e] = [8, 8, 128, 64];
  const options = { warmup: 2, minRuns: 5, budgetMs: 3000 };
  const shape = `${b}, ${h}, ${l}, ${e}`;
  const [q, k, v] = [0, 1, 2].map(() => torch.randn([b, h, l, e]));
  const sdpa = nn.functional.scaled_dot_product_attention;
  const sdpaSetup = `torch.manual_seed(0); q, k, v = (torch.randn(${shape}) for _ in range(3))
F = torch.nn.functional
def f(causal):
    with torch.no_grad():
        return F.scaled_dot_product_attention(q, k, v, is_causal=causal)`;
  const out = [false, true].map((causal) => ({
    name: `scaled_dot_product_attention [${shape}]${causal ? ' causal' : ''} forward`,
    wick: () => autograd.no_grad(() => sdpa(q, k, v, { is_causal: causal })),
    torch: { setup: sdpaSetup, stmt: `f(${causal ? 'True' : 'False'})` },
    options,
    flops: 4 * b * h * l * l * e,
  }));

  const mha = new nn.MultiheadAttention(256, 8, { batch_first: true });
  const x = torch.randn([b, l, 256]);
  const xg = torch.randn([b, l, 256]).requires_grad_();
  const setup = `torch.manual_seed(0); m = torch.nn.MultiheadAttention(256, 8, batch_first=True); x = torch.randn(${b}, ${l}, 256); xg = torch.randn(${b}, ${l}, 256, requires_grad=True)`;
  out.push({
    name: `MultiheadAttention(256, 8) self-attention [${b}, ${l}, 256] forward`,
    wick: () => autograd.no_grad(() => mha.forward(x, x, x, { need_weights: false })),
    torch: { setup: `${setup}\ndef f():\n    with torch.no_grad():\n        return m(x, x, x, need_weights=False)`, stmt: 'f()' },
    options,
  });
  out.push({
    name: `MultiheadAttention(256, 8) self-attention [${b}, ${l}, 256] fwd+bwd`,
    wick: () => mha.forward(xg, xg, xg, { need_weights: false })[0].sum().backward(),
    torch: { setup, stmt: 'm(xg, xg, xg, need_weights=False)[0].sum().backward()' },
    options,
  });
  return out;
}
