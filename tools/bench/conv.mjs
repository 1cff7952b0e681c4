// Convolution, timed in wick and in PyTorch: a resnet-style 3x3 Conv2d (64 -> 64 channels, padding
// 1) on a batch of 8 32x32 feature maps, forward (inference) and fwd+bwd; a strided 7x7 stem
// (3 -> 64, stride 2, padding 3, a resnet's first layer); a depthwise 3x3 (groups = channels).
// FLOPs of a forward: 2 * N * C_out * H_out * W_out * (C_in / groups) * kh * kw.
import { loadRecording } from './lib.mjs';

export const title = 'conv';
export const packages = ['tensor', 'autograd', 'nn'];

function convFlops({ n, cin, cout, k, hout, groups = 1 }) {
  return 2 * n * cout * hout * hout * (cin / groups) * k * k;
}

export async function cases() {
  const { torch, autograd, nn } = await loadRecording();
  const layers = [
    { label: 'Conv2d(64, 64, 3, padding=1)', args: [64, 64, 3], kwargs: { padding: 1 }, py: '64, 64, 3, padding=1', n: 8, cin: 64, cout: 64, k: 3, size: 32, hout: 32, grad: true },
    { label: 'Conv2d(3, 64, 7, stride=2, padding=3)', args: [3, 64, 7], kwargs: { stride: 2, padding: 3 }, py: '3, 64, 7, stride=2, padding=3', n: 8, cin: 3, cout: 64, k: 7, size: 64, hout: 32, grad: false },
    { label: 'Conv2d(64, 64, 3, padding=1, groups=64)', args: [64, 64, 3], kwargs: { padding: 1, groups: 64 }, py: '64, 64, 3, padding=1, groups=64', n: 8, cin: 64, cout: 64, k: 3, size: 32, hout: 32, groups: 64, grad: false },
  ];
  const options = { warmup: 2, minRuns: 5, budgetMs: 3000 };
  const out = [];
  for (const l of layers) {
    const conv = new nn.Conv2d(...l.args, l.kwargs);
    const x = torch.randn([l.n, l.cin, l.size, l.size]);
    const xg = torch.randn([l.n, l.cin, l.size, l.size]).requires_grad_();
    const name = `${l.label} [${l.n}, ${l.cin}, ${l.size}, ${l.size}]`;
    const setup = `torch.manual_seed(0); m = torch.nn.Conv2d(${l.py}); x = torch.randn(${l.n}, ${l.cin}, ${l.size}, ${l.size}); xg = torch.randn(${l.n}, ${l.cin}, ${l.size}, ${l.size}, requires_grad=True)`;
    out.push({
      name: `${name} forward`,
      wick: () => autograd.no_grad(() => conv.forward(x)),
      torch: { setup: `${setup}\ndef f():\n    with torch.no_grad():\n        return m(x)`, stmt: 'f()' },
      options,
      flops: convFlops(l),
    });
    if (!l.grad) continue;
    out.push({
      name: `${name} fwd+bwd`,
      wick: () => conv.forward(xg).sum().backward(),
      torch: { setup, stmt: 'm(xg).sum().backward()' },
      options,
    });
  }
  return out;
}
