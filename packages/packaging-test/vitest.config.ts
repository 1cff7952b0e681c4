import { defineConfig } from 'vitest/config';

// These tests read the packages as a user gets them (dist/, tarballs), not through the
// "wick-source" condition, except the browser check, which bundles the sources with esbuild itself.
export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 240_000 },
});
