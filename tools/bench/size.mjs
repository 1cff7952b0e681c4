// Bundle size of each public package for the browser: its default entry bundled and minified
// with esbuild, then gzipped; "own" leaves the other @wick packages out, "with deps" is what an
// app that imports everything from the package ships. No timing: it reports through report().
import { bundleForBrowser, defaultEntry, nodeOnly, publicPackages } from '../../packages/packaging-test/packages.mjs';

export const title = 'bundle size';
// run.mjs rebuilds a package whose dist/index.js is stale; @wick/cli's entry is dist/cli.js.
export const packages = publicPackages()
  .filter((p) => p.manifest.exports['.'].default === './dist/index.js')
  .map((p) => p.dir.split('/').pop());

export async function cases() {
  return [];
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

export async function report() {
  const rows = [];
  for (const pkg of publicPackages()) {
    const entry = defaultEntry(pkg);
    const own = await bundleForBrowser(entry, { own: true });
    const all = await bundleForBrowser(entry);
    const note = nodeOnly.has(pkg.name) ? ' (Node-only)' : all.nodeImports.length ? ' (imports Node modules!)' : '';
    rows.push([pkg.name + note, kb(own.bytes), kb(own.gzipBytes), kb(all.bytes), kb(all.gzipBytes)]);
  }
  const head = ['package (browser, minified)', 'own', 'own gz', 'with deps', 'with deps gz'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
