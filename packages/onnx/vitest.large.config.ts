import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// `pnpm test:large`: an ONNX model whose external data is over 2 GiB (about 10 seconds, 2.3 GiB of
// disk, a few GiB of memory), run by .ci/run but kept out of `pnpm test`.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/large/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
});
