// The demo's model against PyTorch (fixtures/demo/, written by tools/fixtures/demo_cases.py): a
// character-level GRU trained by PyTorch, loaded with torch.load into torch.nn modules. Its logits
// for every prompt must agree within the recorded bound (four times PyTorch's own float32 deviation
// from float64), and its greedy continuation must be PyTorch's, character for character.
import { compareTensors } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import { greedy, loadModel, loadSamples, promptLogits } from '../../../tools/demo/char-gru.mjs';

const samples = loadSamples();
const model = loadModel(samples);

describe('pnpm demo: the character-level GRU trained by PyTorch', () => {
  it('records a bound far below the greedy margins (the generation cannot flip on rounding)', () => {
    expect(samples.tol).toBeGreaterThan(0);
    for (const c of samples.cases) expect(c.min_margin).toBeGreaterThan(10 * samples.tol);
  });

  for (const c of samples.cases) {
    it(`"${c.prompt}": logits within the bound, greedy text identical`, () => {
      const logits = compareTensors(promptLogits(model, samples.vocab, c.prompt), c.logits, { atol: samples.tol });
      expect(logits.problem ?? 'ok').toBe('ok');
      expect(greedy(model, samples.vocab, c.prompt, samples.config.continue)).toBe(c.continuation);
      console.log(`"${c.prompt}": worst logit error ${logits.worstAbs.toExponential(2)} (bound ${samples.tol.toExponential(2)}), ${c.continuation.length} characters identical`);
    });
  }
});
