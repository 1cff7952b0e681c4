// The browser test: bundles browser/page.mjs (which imports '@wick/torch') for the browser from
// the packages' built dist/, serves it with a GRU checkpoint from a local HTTP server, runs it in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and compares the GRU's
// output and input gradient with PyTorch's. Prints one PASS line with the worst error, or FAIL and
// exits 1; the whole run is bounded by DEADLINE_MS.
// Run with `pnpm test:browser` from the repository root.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import console from 'node:console';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, URL } from 'node:url';
import { chromium } from 'playwright-core';
import { bundleForBrowser, closure, defaultEntry, publicPackages, root } from '../packages.mjs';

const DEADLINE_MS = 60_000;
const TOLERANCE = 1e-6; // the same absolute tolerance as test/browser.test.ts
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const here = fileURLToPath(new URL('.', import.meta.url));
const checkpoint = join(root, 'fixtures', 'serialize', 'layer_gru.pt');

/** Runs `pnpm build` when a package the umbrella needs has no dist/ yet (fresh clone). */
function ensureBuilt() {
  const needed = closure('@wick/torch');
  const missing = publicPackages().filter((p) => needed.has(p.name) && !existsSync(defaultEntry(p)));
  if (missing.length === 0) return;
  console.log(`browser test: no dist/ for ${missing.map((p) => p.name).join(', ')}; running pnpm build`);
  const r = spawnSync('pnpm', ['build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`pnpm build failed (exit ${r.status ?? r.signal})`);
}

/** PyTorch's numbers, from the TypeScript file the packaging tests share (compiled on the fly). */
async function loadExpected() {
  const { outputFiles } = await build({
    entryPoints: [join(here, '..', 'test', 'expected.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  return import(`data:text/javascript,${encodeURIComponent(outputFiles[0].text)}`);
}

/** Serves the page, its bundle and the checkpoint on 127.0.0.1 at an ephemeral port. */
async function serve(bundle) {
  const files = new Map([
    ['/', ['text/html', '<!doctype html><meta charset="utf-8"><title>wick</title><script type="module" src="page.js"></script>']],
    ['/page.js', ['text/javascript', bundle]],
    ['/layer_gru.pt', ['application/octet-stream', readFileSync(checkpoint)]],
  ]);
  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}/`, close };
}

/** The largest |got - want| over two equally long lists (Infinity when the lengths differ). */
function worstError(got, want) {
  if (!Array.isArray(got) || got.length !== want.length) return Infinity;
  return got.reduce((worst, v, i) => Math.max(worst, Number.isFinite(v) ? Math.abs(v - want[i]) : Infinity), 0);
}

async function main(cleanups) {
  ensureBuilt();
  const { gruExpected, gruInputGrad } = await loadExpected();
  // Built dist/ (no "wick-source" condition): what a user's bundler sees.
  const { code, nodeImports } = await bundleForBrowser(join(here, 'page.mjs'), { minify: false });
  if (nodeImports.length > 0) throw new Error(`the browser bundle imports Node modules: ${nodeImports.join('; ')}`);

  const server = await serve(code);
  cleanups.push(server.close);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'wick-chromium-'));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  // NOTE: Playwright refuses --user-data-dir in `args`; a persistent context is how it takes one.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timeout: 30_000,
  });
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.wickResult !== undefined, undefined, { timeout: 30_000 }).catch((e) => {
    throw new Error(`the page reported nothing: ${e.message}${pageErrors.length ? `\n${pageErrors.join('\n')}` : ''}`);
  });
  const result = await page.evaluate(() => globalThis.wickResult);
  if (!result.ok) throw new Error(`the page failed: ${result.error}`);

  console.log(`browser test: ${result.userAgent}`);
  const errors = {
    out: worstError(result.out, gruExpected.out),
    h: worstError(result.h, gruExpected.h),
    'input grad': worstError(result.inputGrad, gruInputGrad),
  };
  const worst = Math.max(...Object.values(errors));
  const detail = Object.entries(errors).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ');
  if (!(worst < TOLERANCE)) throw new Error(`GRU in Chromium differs from PyTorch: ${detail} (tolerance ${TOLERANCE})`);
  console.log(`PASS browser test: GRU from layer_gru.pt in headless Chromium matches PyTorch (worst abs error ${worst.toExponential(2)}: ${detail})`);
}

const cleanups = [];
async function cleanUp() {
  for (const f of cleanups.reverse()) await Promise.resolve().then(f).catch(() => {});
}
const deadline = setTimeout(() => {
  console.error(`FAIL browser test: timed out after ${DEADLINE_MS / 1000} s`);
  process.exitCode = 1;
  // Give the clean-up a few seconds, then leave regardless (Playwright kills Chromium on exit).
  setTimeout(() => process.exit(1), 5_000).unref();
  cleanUp().then(() => process.exit(1));
}, DEADLINE_MS);
try {
  await main(cleanups);
} catch (e) {
  console.error(`FAIL browser test: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  await cleanUp();
}
