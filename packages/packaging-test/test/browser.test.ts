// Each package's default entry must bundle for the browser with no Node built-in module (file
// paths go through @wick/serialize's `#fs` import, node:fs only under the "node" condition), and a browser
// bundle of the umbrella must work: CPU backend registered, autograd installed, a GRU loaded from
// a PyTorch checkpoint's bytes giving PyTorch's output.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleForBrowser, defaultEntry, nodeOnly, publicPackages, root } from '../packages.mjs';
import { gruExpected, gruInput } from './expected.js';

const here = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'wick-browser-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('default entries bundle for the browser', () => {
  for (const pkg of publicPackages()) {
    const why = nodeOnly.get(pkg.name);
    it(`${pkg.name}${why ? ` (Node-only: ${why})` : ''}`, async () => {
      const { nodeImports } = await bundleForBrowser(defaultEntry(pkg, { source: true }), { source: true });
      if (why) expect(nodeImports.length).toBeGreaterThan(0);
      else expect(nodeImports).toEqual([]);
    });
  }
});

describe('browser bundles with named imports keep the entries\' side effects', () => {
  it('@wick/tensor alone registers its CPU backend', async () => {
    const contents = `import { tensor } from '@wick/tensor'; export const run = () => tensor([1, 2]).add(1).tolist();`;
    const { code } = await bundleForBrowser({ contents, resolveDir: here }, { source: true });
    const file = join(work, 'tensor.mjs');
    writeFileSync(file, code);
    const { run } = await import(pathToFileURL(file).href);
    expect(run()).toEqual([2, 3]);
  });


  it('@wick/torch runs a GRU loaded from PyTorch checkpoint bytes, with named imports only (sideEffects kept)', async () => {
    // NOTE: named imports, not `import * as torch`: with `sideEffects: false` on @wick/tensor or
    // @wick/torch a bundler would resolve them straight to the defining modules and drop the
    // entries' own statements (use(cpu), install()), leaving no CPU backend and no autograd.
    const contents = `import { load, nn, tensor } from '@wick/torch';
       export function run(bytes, input) {
         const gru = new nn.GRU(3, 2, { num_layers: 2, bidirectional: true });
         gru.load_state_dict(load(bytes));
         const x = tensor(input).reshape([4, 2, 3]);
         const [out, h] = gru.call(x);
         const w = tensor([1.5, 2], { requires_grad: true });
         w.mul(3).sum().backward();
         return { out: Array.from(out.detach().numpy()), h: Array.from(h.detach().numpy()), grad: w.grad.tolist() };
       }`;
    const { code } = await bundleForBrowser({ contents, resolveDir: here }, { source: true });
    const file = join(work, 'torch.mjs');
    writeFileSync(file, code);
    const { run } = await import(pathToFileURL(file).href);
    const bytes = new Uint8Array(readFileSync(join(root, 'fixtures', 'serialize', 'layer_gru.pt')));
    const r = run(bytes, gruInput());
    expect(r.grad).toEqual([3, 3]);
    for (const [got, want] of [[r.out, gruExpected.out], [r.h, gruExpected.h]] as const) {
      expect(got.length).toBe(want.length);
      got.forEach((v: number, i: number) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6));
    }
  });
});
