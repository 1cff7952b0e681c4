// Per-call overhead: how much a call costs beyond its arithmetic, where argument binding sits on
// the path. Each case runs a small call many times (the count is in the name), so the time is
// mostly dispatch, binding, allocation and bookkeeping, not kernels: an add of two 4-element
// tensors (positionally, and with alpha by name), one GRUCell(10, 20) step at batch 1 and
// Linear(10, 20) on one row (modules called as PyTorch users call them).
import { loadRecording } from './lib.mjs';

export const title = 'calls';
export const packages = ['tensor', 'autograd', 'nn'];

const n = 10000;

export async function cases() {
  const { torch, autograd, nn } = await loadRecording();

  const a = torch.randn([4]);
  const b = torch.randn([4]);
  const cell = new nn.GRUCell(10, 20);
  const x = torch.randn([1, 10]);
  const h = torch.randn([1, 20]);
  const linear = new nn.Linear(10, 20);
  const repeat = (f) => () => {
    for (let i = 0; i < n; i++) f();
  };
  const setup = `torch.manual_seed(0)
a = torch.randn(4); b = torch.randn(4)
cell = torch.nn.GRUCell(10, 20); x = torch.randn(1, 10); h = torch.randn(1, 20)
linear = torch.nn.Linear(10, 20)
def repeat(f):
    for _ in range(${n}):
        f()
def no_grad_repeat(f):
    with torch.no_grad():
        repeat(f)`;
  const options = { warmup: 2, minRuns: 5, budgetMs: 2000 };
  const noGrad = (f) => () => autograd.no_grad(f);
  return [
    { name: `add(a, b) 4 elements x${n}`, wick: repeat(() => torch.add(a, b)), torch: { setup, stmt: 'repeat(lambda: torch.add(a, b))' }, options },
    { name: `a.add(b, alpha=2) x${n}`, wick: repeat(() => a.add(b, { alpha: 2 })), torch: { setup, stmt: 'repeat(lambda: a.add(b, alpha=2))' }, options },
    { name: `GRUCell(10, 20) step batch 1 x${n}`, wick: noGrad(repeat(() => cell(x, h))), torch: { setup, stmt: 'no_grad_repeat(lambda: cell(x, h))' }, options },
    { name: `Linear(10, 20) one row x${n}`, wick: noGrad(repeat(() => linear(x))), torch: { setup, stmt: 'no_grad_repeat(lambda: linear(x))' }, options },
  ];
}
