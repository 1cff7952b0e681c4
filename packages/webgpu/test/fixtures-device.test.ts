import { loadFixture } from '@wick/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useWebGpu } from './gpu.js';
import { type Outcome, runOnDevice } from './helpers/device-fixture.js';

beforeAll(async () => {
  await useWebGpu();
});

const files = ['tensor/reduce.msgpack', 'tensor/sort.msgpack'];

// As packages/tensor/test/sort.test.ts skips them: PyTorch's message lists out=, which wick leaves out.
const outListed = new Set(['sort/bad/dim_twice', 'sort/bad/str_dim', 'sort/bad/no_input', 'sort/bad/stable_int']);
const outcomes: [string, Outcome][] = [];

for (const file of files) {
  for (const c of loadFixture(file).cases.filter((c) => !outListed.has(c.name))) {
    it(`${file} ${c.name}`, async () => {
      const o = await runOnDevice(c, c.tol ?? {});
      outcomes.push([c.name, o]);
      if (o.status === 'failed') expect.fail(o.problem);
    });
  }
}

afterAll(() => {
  const skipped = outcomes.filter(([, o]) => o.status === 'skipped');
  console.log(`${outcomes.length} cases, ${skipped.length} skipped`);
  for (const [n, o] of skipped) if (!/float64|complex/.test((o as { why: string }).why)) console.log(`  skipped ${n}: ${(o as { why: string }).why}`);
});
