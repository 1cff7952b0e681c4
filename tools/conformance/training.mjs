// fixtures/training and fixtures/demo: whole models. A GRU + Linear trained 20 steps (losses and
// final weights within the case's bound, as packages/torch/test/training.test.ts), and the demo's
// character-level GRU (logits within the recorded bound, greedy text identical).
import * as torch from '@wick/torch';
import { compareTensors, compareValue, decodeValue, loadFixture } from '@wick/testing';
import { greedy, loadModel, loadSamples, promptLogits } from '../demo/char-gru.mjs';

const stateDict = (pairs) => new Map(pairs.map(([k, t]) => [k, decodeValue(t).value]));

function train(c) {
  const gru = new torch.nn.GRU(4, 8, { batch_first: true }).to(c.dtype);
  const head = new torch.nn.Linear(8, 3).to(c.dtype);
  gru.load_state_dict(stateDict(c.gru));
  head.load_state_dict(stateDict(c.head));
  const x = decodeValue(c.x).value;
  const y = decodeValue(c.y).value;
  const params = [...gru.parameters(), ...head.parameters()];
  const opt = new torch.optim[c.optimizer](params, c.kwargs);
  const losses = [];
  for (let step = 0; step < c.losses.length; step++) {
    opt.zero_grad();
    const loss = head.forward(gru.forward(x)[0]).sub(y).pow(2).mean();
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  const tol = { ulp: 4, atol: Number(c.tol) };
  const asTensor = (v) => torch.tensor(v, { dtype: 'float64' });
  const loss = compareTensors(asTensor(losses), asTensor(c.losses), tol);
  const finals = [...c.final_gru, ...c.final_head].map(([, t]) => t);
  const weights = compareValue([...gru.state_dict().values(), ...head.state_dict().values()], finals, tol);
  const worst = { worstUlp: Math.max(loss.worstUlp, weights.worstUlp), worstAbs: Math.max(loss.worstAbs, weights.worstAbs) };
  return loss.ok ? { ...weights, ...worst } : { ...loss, ...worst, problem: `losses: ${loss.problem}` };
}

export function training(note) {
  for (const c of loadFixture('training/gru.msgpack').cases) note(`GRU + Linear, ${c.optimizer} ${c.dtype}`, () => train(c));
}

export function demo(note) {
  const samples = loadSamples();
  const model = loadModel(samples);
  for (const c of samples.cases) {
    note('char-level GRU (logits, greedy text)', () => {
      const a = compareTensors(promptLogits(model, samples.vocab, c.prompt), c.logits, { atol: samples.tol });
      const text = greedy(model, samples.vocab, c.prompt, samples.config.continue);
      return text === c.continuation ? a : { ...a, ok: false, problem: `greedy text differs for "${c.prompt}"` };
    });
  }
}
