// A port of pytorch/examples' time_sequence_prediction (train.py, with generate_sine_wave.py's
// data), scaled down as tools/fixtures/optim_cases/sine_wave.py runs it: two LSTMCells and a
// Linear in float64, trained with LBFGS(lr=0.8) through a closure, a StepLR halving the lr every
// step, and the test loss of a prediction FUTURE values ahead after each step. The program is
// written as a user ports it; the data is PyTorch's (the example draws it in a separate script
// and loads it), the weights come from the same seed.
//
// Checked against PyTorch's run: the initial weights bit for bit, LBFGS's evaluation count, every
// loss the closure computed and the test losses. Matrix products (MKL in PyTorch) round otherwise
// in wick, so losses may differ by the rounding of the run: at most four times PyTorch's own
// change of them, step by step, when every weight starts one ULP away (the fixture's
// `sensitivity`), or 64 ULP of the value (the training fixture's bound per step for float64).
import { type Tensor, cat, manual_seed, zeros } from '@wick/tensor';
import { install, no_grad } from '@wick/autograd';
import * as nn from '@wick/nn';
import { decodeBase, type EncodedTensor, loadFixture } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { LBFGS, lr_scheduler } from '../src/index.js';

beforeAll(() => install());

interface SineWave {
  meta: { hidden: number; steps: number; future: number };
  data: EncodedTensor;
  init: [string, EncodedTensor][];
  losses: number[][];
  test_losses: number[];
  lrs: number[];
  sensitivity: { losses: number; test_loss: number }[];
}
const fixture = loadFixture('optim/sine_wave.msgpack') as unknown as SineWave;
const { hidden: HIDDEN, steps: STEPS, future: FUTURE } = fixture.meta;

class Sequence extends nn.Module {
  lstm1 = new nn.LSTMCell(1, HIDDEN);
  lstm2 = new nn.LSTMCell(HIDDEN, HIDDEN);
  linear = new nn.Linear(HIDDEN, 1);

  override forward(input: Tensor, future = 0): Tensor {
    const outputs: Tensor[] = [];
    let h_t = zeros([input.shape[0]!, HIDDEN], { dtype: 'float64' });
    let c_t = zeros([input.shape[0]!, HIDDEN], { dtype: 'float64' });
    let h_t2 = zeros([input.shape[0]!, HIDDEN], { dtype: 'float64' });
    let c_t2 = zeros([input.shape[0]!, HIDDEN], { dtype: 'float64' });
    let output: Tensor | null = null;
    for (const input_t of input.split(1, 1)) {
      [h_t, c_t] = this.lstm1(input_t, [h_t, c_t]);
      [h_t2, c_t2] = this.lstm2(h_t, [h_t2, c_t2]);
      output = this.linear(h_t2);
      outputs.push(output);
    }
    for (let i = 0; i < future; i++) {
      // if we should predict the future
      [h_t, c_t] = this.lstm1(output!, [h_t, c_t]);
      [h_t2, c_t2] = this.lstm2(h_t, [h_t2, c_t2]);
      output = this.linear(h_t2);
      outputs.push(output);
    }
    return cat(outputs, 1);
  }
}

describe('time_sequence_prediction (pytorch/examples), scaled down', () => {
  it("trains as PyTorch's run does", { timeout: 120_000 }, () => {
    const data = decodeBase(fixture.data);
    manual_seed(0);
    const [n, l] = data.shape as [number, number];
    const input = data.narrow(0, 3, n - 3).narrow(1, 0, l - 1);
    const target = data.narrow(0, 3, n - 3).narrow(1, 1, l - 1);
    const test_input = data.narrow(0, 0, 3).narrow(1, 0, l - 1);
    const test_target = data.narrow(0, 0, 3).narrow(1, 1, l - 1);
    const seq = new Sequence().double();
    const init = [...seq.state_dict()];
    expect(init.map(([k]) => k)).toEqual(fixture.init.map(([k]) => k));
    init.forEach(([k, v], i) => expect(v.tolist(), `initial ${k}`).toEqual(decodeBase(fixture.init[i]![1]).tolist()));

    const criterion = new nn.MSELoss();
    const optimizer = new LBFGS(seq.parameters(), { lr: 0.8 });
    const scheduler = new lr_scheduler.StepLR(optimizer, 1, 0.5);
    const losses: number[][] = [];
    const testLosses: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const stepLosses: number[] = [];
      const closure = () => {
        optimizer.zero_grad();
        const out = seq(input);
        const loss = criterion(out, target);
        stepLosses.push(Number(loss.item()));
        loss.backward();
        return loss;
      };
      optimizer.step(closure);
      scheduler.step();
      losses.push(stepLosses);
      expect(scheduler.get_last_lr()[0]).toBe(fixture.lrs[i]);
      no_grad(() => {
        const pred = seq(test_input, FUTURE);
        const loss = criterion(pred.narrow(1, 0, pred.shape[1]! - FUTURE), test_target);
        testLosses.push(Number(loss.item()));
      });
    }

    expect(losses.map((s) => s.length)).toEqual(fixture.losses.map((s) => s.length));
    const eps = 2 ** -52;
    let worst = 0;
    const within = (actual: number, expected: number, sensitivity: number) => {
      const allowed = Math.max(4 * sensitivity, 64 * eps * Math.abs(expected));
      worst = Math.max(worst, Math.abs(actual - expected) / (eps * Math.abs(expected)));
      return Math.abs(actual - expected) <= allowed;
    };
    const off: string[] = [];
    losses.forEach((s, k) => s.forEach((loss, j) => {
      if (!within(loss, fixture.losses[k]![j]!, fixture.sensitivity[k]!.losses)) off.push(`step ${k} evaluation ${j}: ${loss} vs ${fixture.losses[k]![j]}`);
    }));
    testLosses.forEach((loss, k) => {
      if (!within(loss, fixture.test_losses[k]!, fixture.sensitivity[k]!.test_loss)) off.push(`step ${k} test loss: ${loss} vs ${fixture.test_losses[k]}`);
    });
    console.log(`sine wave: losses worst ${worst.toFixed(1)} ULP from PyTorch's; test losses ${testLosses.join(', ')}`);
    expect(off).toEqual([]);
  });
});
