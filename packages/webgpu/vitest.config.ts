import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of workspace packages (the "wick-source" export
// condition), so `pnpm test` needs no build.
const conditions = ['wick-source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  // Each test file in a process of its own (vitest's forks pool, isolated): a crash in Dawn's native
  // code fails one file, and each file has one Dawn instance and one device for its lifetime.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000, pool: 'forks', isolate: true },
});
