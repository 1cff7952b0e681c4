// PyTorch's numbers for the headline GRU (fixtures/packaging/headline_gru.msgpack, written by
// tools/fixtures/packaging_cases.py) and the comparison of a run's results with them, shared by
// the Node test (test/headline.test.ts) and the browser driver (browser/run.mjs). Node-only: it
// reads the fixture from disk.
import { compareTensors, decodeBase, loadFixture } from '@wick/testing';
import { tensor } from '@wick/torch';

export const HEADLINE_FIXTURE = 'packaging/headline_gru.msgpack';

/**
 * @typedef {{ seed: number, input_size: number, hidden_size: number, steps: number, batch: number, every: number }} HeadlineConfig
 * @typedef {{ meta: Record<string, unknown>, config: HeadlineConfig, probes: Record<string, import('@wick/testing').EncodedTensor>,
 *   h_n: import('@wick/testing').EncodedTensor, out_steps: import('@wick/testing').EncodedTensor, tol: { ulp: number, atol: number } }} HeadlineFixture
 */

/** @returns {HeadlineFixture} the fixture, as tools/fixtures/packaging_cases.py describes it */
export function loadHeadline() {
  return /** @type {HeadlineFixture} */ (/** @type {unknown} */ (loadFixture(HEADLINE_FIXTURE)));
}

/**
 * Compares what browser/headline.mjs returned with the fixture: the probes exactly (they are
 * random draws), h_n and the recorded output steps within the fixture's tolerance. Returns
 * {ok, worstAbs, worstUlp, detail, problems}, where detail names every part's worst error.
 */
export function checkHeadline(result, fixture) {
  const parts = [
    ...Object.entries(fixture.probes).map(([name, want]) => [name, result.probes?.[name], want, {}]),
    ['h_n', result.h, fixture.h_n, fixture.tol],
    ['out_steps', result.outSteps, fixture.out_steps, fixture.tol],
  ];
  const problems = [];
  const detail = [];
  let worstAbs = 0;
  let worstUlp = 0;
  for (const [name, got, encoded, tol] of parts) {
    const want = decodeBase(encoded);
    if (!Array.isArray(got) || got.length !== want.numel()) {
      problems.push(`${name}: ${Array.isArray(got) ? got.length : typeof got} values, expected ${want.numel()}`);
      continue;
    }
    const agreement = compareTensors(tensor(Float32Array.from(got)).reshape(want.shape), want, tol);
    if (!agreement.ok) problems.push(`${name}: ${agreement.problem}`);
    worstAbs = Math.max(worstAbs, agreement.worstAbs);
    worstUlp = Math.max(worstUlp, agreement.worstUlp);
    if (tol.atol !== undefined) detail.push(`${name} ${agreement.worstAbs.toExponential(2)} abs / ${agreement.worstUlp} ulp`);
  }
  return { ok: problems.length === 0, worstAbs, worstUlp, detail: detail.join(', '), problems };
}
