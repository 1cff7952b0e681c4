// Training on the device under test, against PyTorch's runs:
// - a GRU + Linear model trained 20 steps with Adam and with SGD + momentum from PyTorch's initial
//   weights (fixtures/training/gru.msgpack; packages/torch/test/training.test.ts on the CPU);
// - pytorch/examples' time_sequence_prediction, scaled down: two LSTMCells and a Linear trained
//   with LBFGS (fixtures/optim/sine_wave.msgpack; packages/optim/test/sine-wave.test.ts).
// Models and data live on the device; each loss is kept as a tensor and read back at the end, so
// nothing reads a value synchronously during training.
import { install, no_grad } from '@wick/autograd';
import * as nn from '@wick/nn';
import { Adam, LBFGS, SGD, lr_scheduler } from '@wick/optim';
import { type DType, type Tensor, cat, manual_seed, stack, tensor, zeros } from '@wick/tensor';
import {
  type EncodedTensor, HostCopies, SkipReport, compareTensors, compareValue, decodeBase, decodeValue, loadFixture, placeOn,
  toleranceOn, unheldReason,
} from '@wick/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { suiteDevice } from './device.js';
import { knownFailures } from './known-failures.js';

install();
const device = await suiteDevice();
const place = placeOn(device);
const unheld = new SkipReport();
const expectedToFail = new SkipReport('known failures');
const report: string[] = [];

type Pairs = [string, unknown][];
const stateDict = (pairs: Pairs) => new Map(pairs.map(([k, t]) => [k, decodeValue(t).value as Tensor]));

/** The values of a list of one-element device tensors, read back once. */
async function valuesOf(scalars: Tensor[]): Promise<number[]> {
  return [...(await stack(scalars).read())].map(Number);
}

describe('GRU + Linear training against PyTorch', () => {
  const FILE = 'training/gru.msgpack';
  const known = knownFailures(FILE);
  for (const c of loadFixture(FILE).cases) {
    const why = unheldReason(device, [c.gru, c.head, c.x, c.y, c.final_gru, c.final_head], [c.dtype]);
    if (why !== null) {
      unheld.add(c.name, why);
      it.skip(c.name, () => {});
      continue;
    }
    if (known[c.name]) expectedToFail.add(c.name, known[c.name]!);
    const test = known[c.name] ? it.fails : it;
    test(c.name, async () => {
      const dtype = String(c.dtype) as DType;
      const gru = new nn.GRU(4, 8, { batch_first: true }).to(dtype);
      const head = new nn.Linear(8, 3).to(dtype);
      gru.load_state_dict(stateDict(c.gru as Pairs));
      head.load_state_dict(stateDict(c.head as Pairs));
      gru.to(device.name);
      head.to(device.name);
      const x = decodeValue(c.x, place).value as Tensor;
      const y = decodeValue(c.y, place).value as Tensor;
      const params = [...gru.parameters(), ...head.parameters()];
      const kwargs = c.kwargs as Record<string, number>;
      const opt = c.optimizer === 'Adam' ? new Adam(params, kwargs) : new SGD(params, kwargs);
      const losses: Tensor[] = [];
      for (let step = 0; step < 20; step++) {
        opt.zero_grad();
        const [out] = gru.forward(x);
        const loss = head.forward(out).sub(y).pow(2).mean();
        loss.backward();
        opt.step();
        losses.push(loss.detach());
      }
      const values = await valuesOf(losses);
      // The CPU test's bound (four ULP, or the case's absolute bound), through the device's hook.
      const own = toleranceOn(device, FILE, { ...c, tol: { ulp: 4, atol: Number(c.tol) }, out: [c.final_gru, c.final_head] });
      const asTensor = (v: number[]) => tensor(v, { dtype: 'float64' });
      const lossAgreement = compareTensors(asTensor(values), asTensor(c.losses as number[]), own);
      expect(lossAgreement.problem ?? 'ok', 'losses').toBe('ok');
      const finals = [...(c.final_gru as Pairs), ...(c.final_head as Pairs)];
      const trained = await new HostCopies().of([...gru.state_dict().values(), ...head.state_dict().values()]);
      const weights = compareValue(trained, finals.map(([, t]) => t), own);
      expect(weights.problem ?? 'ok', 'final weights').toBe('ok');
      report.push(`  ${c.name.padEnd(22)} loss ${values[0]!.toFixed(4)} -> ${values[19]!.toFixed(4)}; worst loss error ${lossAgreement.worstAbs.toExponential(2)} (${lossAgreement.worstUlp} ULP), worst weight error ${weights.worstAbs.toExponential(2)} (${weights.worstUlp} ULP); bound ${String(c.tol)}`);
    });
  }
});

interface SineWave {
  meta: { hidden: number; steps: number; future: number };
  data: EncodedTensor;
  init: [string, EncodedTensor][];
  losses: number[][];
  test_losses: number[];
  lrs: number[];
  sensitivity: { losses: number; test_loss: number }[];
}

describe('time_sequence_prediction (pytorch/examples), scaled down', () => {
  const FILE = 'optim/sine_wave.msgpack';
  const fixture = loadFixture(FILE) as unknown as SineWave;
  const { hidden: HIDDEN, steps: STEPS, future: FUTURE } = fixture.meta;
  const NAME = "trains as PyTorch's run does";

  class Sequence extends nn.Module {
    lstm1 = new nn.LSTMCell(1, HIDDEN);
    lstm2 = new nn.LSTMCell(HIDDEN, HIDDEN);
    linear = new nn.Linear(HIDDEN, 1);

    override forward(input: Tensor, future = 0): Tensor {
      const outputs: Tensor[] = [];
      const state = () => zeros([input.shape[0]!, HIDDEN], { dtype: 'float64', device: input.device });
      let [h_t, c_t, h_t2, c_t2] = [state(), state(), state(), state()];
      let output: Tensor | null = null;
      for (const input_t of input.split(1, 1)) {
        [h_t, c_t] = this.lstm1(input_t, [h_t, c_t]);
        [h_t2, c_t2] = this.lstm2(h_t, [h_t2, c_t2]);
        output = this.linear(h_t2);
        outputs.push(output);
      }
      for (let i = 0; i < future; i++) {
        [h_t, c_t] = this.lstm1(output!, [h_t, c_t]);
        [h_t2, c_t2] = this.lstm2(h_t, [h_t2, c_t2]);
        output = this.linear(h_t2);
        outputs.push(output);
      }
      return cat(outputs, 1);
    }
  }

  // The model is float64, as PyTorch's example trains it.
  const why = unheldReason(device, [fixture.data, fixture.init], ['float64']);
  if (why !== null) unheld.add(`sine wave: ${NAME}`, why);
  const test = why !== null ? it.skip : knownFailures(FILE)[NAME] ? it.fails : it;
  test(NAME, async () => {
    const data = place(decodeBase(fixture.data));
    manual_seed(0);
    const [n, l] = data.shape as [number, number];
    const input = data.narrow(0, 3, n - 3).narrow(1, 0, l - 1);
    const target = data.narrow(0, 3, n - 3).narrow(1, 1, l - 1);
    const test_input = data.narrow(0, 0, 3).narrow(1, 0, l - 1);
    const test_target = data.narrow(0, 0, 3).narrow(1, 1, l - 1);
    // Initialised on the CPU from the seed, as PyTorch's run, then moved.
    const seq = new Sequence().double();
    const init = [...seq.state_dict()];
    expect(init.map(([k]) => k)).toEqual(fixture.init.map(([k]) => k));
    init.forEach(([k, v], i) => expect(v.tolist(), `initial ${k}`).toEqual(decodeBase(fixture.init[i]![1]).tolist()));
    seq.to(device.name);

    const criterion = new nn.MSELoss();
    const optimizer = new LBFGS(seq.parameters(), { lr: 0.8 });
    const scheduler = new lr_scheduler.StepLR(optimizer, 1, 0.5);
    const losses: Tensor[][] = [];
    const testLosses: Tensor[] = [];
    for (let i = 0; i < STEPS; i++) {
      const stepLosses: Tensor[] = [];
      const closure = () => {
        optimizer.zero_grad();
        const loss = criterion(seq(input), target);
        stepLosses.push(loss.detach());
        loss.backward();
        return loss;
      };
      optimizer.step(closure);
      scheduler.step();
      losses.push(stepLosses);
      expect(scheduler.get_last_lr()[0]).toBe(fixture.lrs[i]);
      no_grad(() => {
        const pred = seq(test_input, FUTURE);
        testLosses.push(criterion(pred.narrow(1, 0, pred.shape[1]! - FUTURE), test_target));
      });
    }

    expect(losses.map((s) => s.length)).toEqual(fixture.losses.map((s) => s.length));
    // The CPU test's bound: four times PyTorch's own sensitivity, or 64 ULP of the value.
    const eps = 2 ** -52;
    const within = (actual: number, expected: number, sensitivity: number) =>
      Math.abs(actual - expected) <= Math.max(4 * sensitivity, 64 * eps * Math.abs(expected));
    const off: string[] = [];
    for (const [k, s] of losses.entries()) {
      (await valuesOf(s)).forEach((loss, j) => {
        if (!within(loss, fixture.losses[k]![j]!, fixture.sensitivity[k]!.losses)) off.push(`step ${k} evaluation ${j}: ${loss} vs ${fixture.losses[k]![j]}`);
      });
    }
    (await valuesOf(testLosses)).forEach((loss, k) => {
      if (!within(loss, fixture.test_losses[k]!, fixture.sensitivity[k]!.test_loss)) off.push(`step ${k} test loss: ${loss} vs ${fixture.test_losses[k]}`);
    });
    expect(off).toEqual([]);
  });
});

afterAll(() => console.log([`training on '${device.name}' vs PyTorch (20 steps):`, ...report, ...unheld.lines(), ...expectedToFail.lines()].join('\n')));
