// Recurrent layers on the seed configurations of issue 4: GRU and LSTM (256 -> 256, one layer,
// sequence 100) at batch 32 and at batch 1, and GRUCell(10, 20) stepped 50 times at batch 32.
// "forward" runs under no_grad (inference); "fwd+bwd" runs the forward with gradients recorded,
// then output.sum().backward() into the parameters and the input.
import { loadRecording } from './lib.mjs';

export const title = 'rnn';
export const packages = ['tensor', 'autograd', 'nn'];

const seq = 100;
const size = 256;
const cellSteps = 50;

export async function cases() {
  const { torch, autograd, nn } = await loadRecording();

  const out = [];
  for (const mode of ['GRU', 'LSTM']) {
    for (const batch of [32, 1]) {
      const layer = new nn[mode](size, size);
      const x = torch.randn([seq, batch, size]);
      const xg = torch.randn([seq, batch, size]).requires_grad_();
      const label = `${mode}(${size}, ${size}) seq ${seq} batch ${batch}`;
      const setup = `torch.manual_seed(0); m = torch.nn.${mode}(${size}, ${size}); x = torch.randn(${seq}, ${batch}, ${size}); xg = torch.randn(${seq}, ${batch}, ${size}, requires_grad=True)`;
      const options = batch === 1 ? { warmup: 2, minRuns: 5, budgetMs: 2000 } : { warmup: 1, minRuns: 3, budgetMs: 3000 };
      out.push({
        name: `${label} forward`,
        wick: () => autograd.no_grad(() => layer.forward(x)),
        torch: { setup: `${setup}\ndef f():\n    with torch.no_grad():\n        return m(x)`, stmt: 'f()' },
        options,
      });
      out.push({
        name: `${label} fwd+bwd`,
        wick: () => layer.forward(xg)[0].sum().backward(),
        torch: { setup, stmt: 'm(xg)[0].sum().backward()' },
        options,
      });
    }
  }

  const cell = new nn.GRUCell(10, 20);
  const xs = torch.randn([cellSteps, 32, 10]);
  const xsg = torch.randn([cellSteps, 32, 10]).requires_grad_();
  const inputs = Array.from({ length: cellSteps }, (_, t) => xs.select(0, t));
  const unroll = (steps) => {
    let h = null;
    for (const x of steps) h = cell.forward(x, h);
    return h;
  };
  const cellSetup = `torch.manual_seed(0); cell = torch.nn.GRUCell(10, 20); xs = torch.randn(${cellSteps}, 32, 10); xsg = torch.randn(${cellSteps}, 32, 10, requires_grad=True)
def unroll(xs):
    h = None
    for x in xs:
        h = cell(x, h)
    return h
def f():
    with torch.no_grad():
        return unroll(xs)`;
  const cellOptions = { warmup: 5, minRuns: 11, budgetMs: 2000 };
  out.push({
    name: `GRUCell(10, 20) ${cellSteps} steps batch 32 forward`,
    wick: () => autograd.no_grad(() => unroll(inputs)),
    torch: { setup: cellSetup, stmt: 'f()' },
    options: cellOptions,
  });
  out.push({
    name: `GRUCell(10, 20) ${cellSteps} steps batch 32 fwd+bwd`,
    // Selecting each step inside the timed call, as PyTorch's loop over xsg does.
    wick: () => unroll(Array.from({ length: cellSteps }, (_, t) => xsg.select(0, t))).sum().backward(),
    torch: { setup: cellSetup, stmt: 'unroll(xsg).sum().backward()' },
    options: cellOptions,
  });
  return out;
}
