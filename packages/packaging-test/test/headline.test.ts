// The headline GRU in Node, exactly as the browser test runs it in Chromium (browser/headline.mjs):
// GRU(256, 256) and a [100, 32, 256] input rebuilt from torch.manual_seed alone, forward under
// no_grad, against PyTorch's numbers (fixtures/packaging/headline_gru.msgpack) within the
// fixture's tolerance. Passing here first shows the fixture and the seed handling agree, so a
// browser failure is the browser's.
import { get_num_threads, kernelsReady, manual_seed, nn, no_grad, randn } from '@wick/torch';
import { describe, expect, it } from 'vitest';
import { headlineGru } from '../browser/headline.mjs';
import { checkHeadline, loadHeadline } from '../headline.mjs';

const fixture = loadHeadline();

describe('the headline GRU(256, 256) from manual_seed agrees with PyTorch', () => {
  it('records a computed bound of float32 size', () => {
    expect(fixture.tol.atol).toBeGreaterThan(0);
    expect(fixture.tol.atol).toBeLessThan(1e-4);
  });

  it('h_n and every 10th output step within the fixture tolerance, the random draws exact', async () => {
    const loaded = await kernelsReady();
    const result = headlineGru({ manual_seed, nn, randn, no_grad }, fixture.config);
    const check = checkHeadline(result, fixture);
    expect(check.problems).toEqual([]);
    console.log(`headline GRU in Node (kernels ${loaded ? 'loaded' : 'absent'}, ${get_num_threads()} threads): ${check.detail} (tolerance ${fixture.tol.atol.toExponential(2)})`);
  });

  it('notices a wrong seed (the comparison is not vacuous)', () => {
    const result = headlineGru({ manual_seed, nn, randn, no_grad }, { ...fixture.config, seed: fixture.config.seed + 1 });
    expect(checkHeadline(result, fixture).ok).toBe(false);
  });
});
