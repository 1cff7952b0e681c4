// Training matches PyTorch step by step: a GRU + Linear model trained for 20 steps with Adam and
// with SGD + momentum from PyTorch's initial weights (fixtures/training/gru.msgpack, written by
// tools/fixtures/training_cases.py). Every step's loss and the final weights must agree within the
// case's bound (four times PyTorch's own float32 deviation from float64; a chain bound in float64).
import { compareTensors, compareValue, decodeValue, loadFixture } from '@wick/testing';
import { afterAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

type Pairs = [string, unknown][];
const stateDict = (pairs: Pairs) => new Map(pairs.map(([k, t]) => [k, decodeValue(t).value as Tensor]));
const report: string[] = [];

describe('GRU + Linear training against PyTorch', () => {
  for (const c of loadFixture('training/gru.msgpack').cases) {
    it(c.name, () => {
      const dtype = String(c.dtype) as torch.DType;
      const gru = new torch.nn.GRU(4, 8, { batch_first: true }).to(dtype);
      const head = new torch.nn.Linear(8, 3).to(dtype);
      gru.load_state_dict(stateDict(c.gru as Pairs));
      head.load_state_dict(stateDict(c.head as Pairs));
      const x = decodeValue(c.x).value as Tensor;
      const y = decodeValue(c.y).value as Tensor;
      const params = [...gru.parameters(), ...head.parameters()];
      const kwargs = c.kwargs as Record<string, number>;
      const opt = c.optimizer === 'Adam' ? new torch.optim.Adam(params, kwargs) : new torch.optim.SGD(params, kwargs);
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) {
        opt.zero_grad();
        const [out] = gru.forward(x);
        const loss = head.forward(out).sub(y).pow(2).mean();
        loss.backward();
        opt.step();
        losses.push(loss.item() as number);
      }
      const tol = { ulp: 4, atol: Number(c.tol) };
      const asTensor = (v: number[]) => torch.tensor(v, { dtype: 'float64' });
      const lossAgreement = compareTensors(asTensor(losses), asTensor(c.losses as number[]), tol);
      expect(lossAgreement.problem ?? 'ok', 'losses').toBe('ok');
      const finals = [...(c.final_gru as Pairs), ...(c.final_head as Pairs)];
      const weights = compareValue([...gru.state_dict().values(), ...head.state_dict().values()], finals.map(([, t]) => t), tol);
      expect(weights.problem ?? 'ok', 'final weights').toBe('ok');
      report.push(`  ${c.name.padEnd(22)} loss ${losses[0]!.toFixed(4)} -> ${losses[19]!.toFixed(4)}; worst loss error ${lossAgreement.worstAbs.toExponential(2)} (${lossAgreement.worstUlp} ULP), worst weight error ${weights.worstAbs.toExponential(2)} (${weights.worstUlp} ULP); bound ${c.tol}`);
    });
  }
  afterAll(() => console.log(`training vs PyTorch (20 steps):\n${report.join('\n')}`));
});
