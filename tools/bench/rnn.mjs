// Recurrent layers, GRU and LSTM alike, each timed in wick and in PyTorch:
//   - the headline (256 -> 256, one layer, sequence 100, batch 32): forward and fwd+bwd;
//   - the same layer at batch 1 (latency of one stream): forward and fwd+bwd;
//   - a small layer (10 -> 20, sequence 50, batch 32): forward, where per-step overhead dominates;
//   - the matching cell (GRUCell / LSTMCell (10, 20), batch 32) stepped 50 times in a JS loop:
//     forward and fwd+bwd.
// "forward" runs under no_grad (inference); "fwd+bwd" runs the forward with gradients recorded,
// then output.sum().backward() into the parameters and the input.
//
// Cases with `flops` also appear in run.mjs's GFLOP/s table. A layer's forward does, per time
// step and batch row, one product of the input with the stacked gate weights (I x gH) and one of
// the hidden state with the recurrent weights (H x gH), g = 3 gates for GRU and 4 for LSTM, at 2
// FLOPs per multiply-add:
//   forward FLOPs = 2*T*B*I*gH + 2*T*B*H*gH
// The gate nonlinearities and bias adds (O(T*B*H)) are left out.
import { loadRecording } from './lib.mjs';

export const title = 'rnn';
export const packages = ['tensor', 'autograd', 'nn'];

const gates = { GRU: 3, LSTM: 4 };

export function rnnForwardFlops({ mode, seq, batch, input, hidden }) {
  const g = gates[mode] * hidden;
  return 2 * seq * batch * input * g + 2 * seq * batch * hidden * g;
}

export async function cases() {
  const { torch, autograd, nn } = await loadRecording();
  const out = [];

  for (const mode of ['GRU', 'LSTM']) {
    // Layers over whole sequences: [seq, batch, input] in, [seq, batch, hidden] out.
    const layers = [
      { input: 256, hidden: 256, seq: 100, batch: 32, grad: true, options: { warmup: 1, minRuns: 3, budgetMs: 3000 } },
      { input: 256, hidden: 256, seq: 100, batch: 1, grad: true, options: { warmup: 2, minRuns: 5, budgetMs: 2000 } },
      { input: 10, hidden: 20, seq: 50, batch: 32, grad: false, options: { warmup: 5, minRuns: 11, budgetMs: 2000 } },
    ];
    for (const { input, hidden, seq, batch, grad, options } of layers) {
      const layer = new nn[mode](input, hidden);
      const x = torch.randn([seq, batch, input]);
      const xg = torch.randn([seq, batch, input]).requires_grad_();
      const label = `${mode}(${input}, ${hidden}) seq ${seq} batch ${batch}`;
      const setup = `torch.manual_seed(0); m = torch.nn.${mode}(${input}, ${hidden}); x = torch.randn(${seq}, ${batch}, ${input}); xg = torch.randn(${seq}, ${batch}, ${input}, requires_grad=True)`;
      out.push({
        name: `${label} forward`,
        wick: () => autograd.no_grad(() => layer.forward(x)),
        torch: { setup: `${setup}\ndef f():\n    with torch.no_grad():\n        return m(x)`, stmt: 'f()' },
        options,
        // The headline's forward is the one the GFLOP/s table reports.
        flops: batch === 32 && hidden === 256 ? rnnForwardFlops({ mode, seq, batch, input, hidden }) : undefined,
      });
      if (!grad) continue;
      out.push({
        name: `${label} fwd+bwd`,
        wick: () => layer.forward(xg)[0].sum().backward(),
        torch: { setup, stmt: 'm(xg)[0].sum().backward()' },
        options,
      });
    }

    // The cell, stepped in a loop as a user writing their own recurrence does. An LSTM cell's
    // state is the pair (h, c); the loop's result is the last h.
    const steps = 50;
    const Cell = `${mode}Cell`;
    const cell = new nn[Cell](10, 20);
    const xs = torch.randn([steps, 32, 10]);
    const xsg = torch.randn([steps, 32, 10]).requires_grad_();
    const inputs = Array.from({ length: steps }, (_, t) => xs.select(0, t));
    const unroll = (seqInputs) => {
      let state = null;
      for (const x of seqInputs) state = cell.forward(x, state);
      return mode === 'LSTM' ? state[0] : state;
    };
    const cellSetup = `torch.manual_seed(0); cell = torch.nn.${Cell}(10, 20); xs = torch.randn(${steps}, 32, 10); xsg = torch.randn(${steps}, 32, 10, requires_grad=True)
def unroll(xs):
    state = None
    for x in xs:
        state = cell(x, state)
    return state${mode === 'LSTM' ? '[0]' : ''}
def f():
    with torch.no_grad():
        return unroll(xs)`;
    const cellOptions = { warmup: 5, minRuns: 11, budgetMs: 2000 };
    out.push({
      name: `${Cell}(10, 20) ${steps} steps batch 32 forward`,
      wick: () => autograd.no_grad(() => unroll(inputs)),
      torch: { setup: cellSetup, stmt: 'f()' },
      options: cellOptions,
    });
    out.push({
      name: `${Cell}(10, 20) ${steps} steps batch 32 fwd+bwd`,
      // Selecting each step inside the timed call, as PyTorch's loop over xsg does.
      wick: () => unroll(Array.from({ length: steps }, (_, t) => xsg.select(0, t))).sum().backward(),
      torch: { setup: cellSetup, stmt: 'unroll(xsg).sum().backward()' },
      options: cellOptions,
    });
  }
  return out;
}
