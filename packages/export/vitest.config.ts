import { defineConfig } from 'vitest/config';

// Tests run against the TypeScript sources of workspace packages (the "wick-source" export
// condition), so `pnpm test` needs no build.
const conditions = ['wick-source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: { include: ['test/*.test.ts'], testTimeout: 60_000 },
});
