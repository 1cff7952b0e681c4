// The browser test: bundles browser/page.mjs (which imports '@wick/torch') for the browser from
// the packages' built dist/, serves it with a GRU checkpoint from a local HTTP server, runs it in
// headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and compares the GRU's
// output and input gradient with PyTorch's. The page is served cross-origin isolated (COOP/COEP),
// so it has SharedArrayBuffer and wick's WebAssembly kernels run on its worker threads; there it
// also runs the headline GRU(256, 256) from its seed and compares it with
// fixtures/packaging/headline_gru.msgpack (headline.mjs). Prints one PASS line with the worst
// errors and the headline's forward time (informational, never asserted), or FAIL and exits 1;
// the whole run is bounded by DEADLINE_MS. With --enable-unsafe-webgpu, Chromium exposes a software
// WebGPU adapter (SwiftShader) without a GPU: the page then runs @wick/webgpu's checks
// (browser/webgpu.mjs), each on the GPU and on the CPU backend, and this compares the two. The page
// also runs the GPT-2 example's model on transformers' files (fixtures/models/gpt2): its logits and
// greedy tokens are compared with PyTorch's; and a program PyTorch saved with torch.export.save
// (fixtures/export) and a GRU model PyTorch exported to ONNX (fixtures/onnx), against PyTorch's outputs.
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
import { checkHeadline, loadHeadline } from '../headline.mjs';
import { decodeValue, loadFixture } from '@wick/testing';
import { bundleForBrowser, closure, defaultEntry, publicPackages, root } from '../packages.mjs';

// 90 s, up from 60: the headline GRU adds four forward passes of a [100, 32, 256] sequence (a
// first run with the initialisation and randn, a 0.5 s pause for workers to start, then three
// timed runs) to the page: about 5 s on two shared cores, where the whole run took 14-17 s, and a
// few times that on a slower or busier machine. PAGE_MS bounds the page alone (was 30 s) for the same reason.
const DEADLINE_MS = 90_000;
const PAGE_MS = 60_000;
// The threads the page runs the headline GRU on: wick's default there (every core of a
// cross-origin isolated page) unless WICK_BROWSER_THREADS says otherwise.
const THREADS = process.env.WICK_BROWSER_THREADS === undefined ? null : Number(process.env.WICK_BROWSER_THREADS);
const TOLERANCE = 1e-6; // the same absolute tolerance as test/browser.test.ts
// WebGPU against the CPU backend, absolute. Elementwise: WGSL's exp, tanh and sigmoid are not
// correctly rounded (a few ulp, under 1e-6 for these values of magnitude <= 3), so 1e-5 is a
// wide margin. The GRU: sums of 16 + 32 products per gate accumulated in another order, over 8
// steps, give out and h_n errors of a few 1e-7; the gradients sum 4 x 8 such terms: 1e-5 and 1e-4.
const WEBGPU_TOLERANCE = { elementwise: 1e-5, out: 1e-5, h: 1e-5, inputGrad: 1e-4, weightHhGrad: 1e-4 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const here = fileURLToPath(new URL('.', import.meta.url));
const checkpoint = join(root, 'fixtures', 'serialize', 'layer_gru.pt');
const gpt2Folder = join(root, 'fixtures', 'models', 'gpt2');
// PyTorch's torch.export program and ONNX file that the page runs, with the recorded inputs and outputs.
const PT2_CASE = 'gru_model.default';
const ONNX_FILE = 'gru.dynamo.onnx';

/** Runs `pnpm build` when a package the umbrella needs has no dist/ yet (fresh clone). */
function ensureBuilt() {
  const needed = new Set([...closure('@wick/torch'), ...closure('@wick/webgpu')]);
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

// What makes the page cross-origin isolated (and so gives it SharedArrayBuffer, which wick's
// worker threads share the kernels' memory through): COOP and COEP on the document. Every resource
// is same-origin, which COEP's require-corp accepts; CORP is sent anyway so that the page stays
// isolated if a resource is ever loaded from another origin. The workers come from Blob URLs,
// which inherit the page's policy.
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/** Serves the page, its bundle, the checkpoints and the headline GRU's config on 127.0.0.1 at an ephemeral port, cross-origin isolated. */
async function serve(bundle, headlineConfig, gpt2Prompt, pt2Case, onnxCase) {
  const files = new Map([
    ['/', ['text/html', '<!doctype html><meta charset="utf-8"><title>wick</title><script type="module" src="page.js"></script>']],
    ['/page.js', ['text/javascript', bundle]],
    ['/layer_gru.pt', ['application/octet-stream', readFileSync(checkpoint)]],
    ['/headline.json', ['application/json', JSON.stringify(headlineConfig)]],
    ['/gpt2/config.json', ['application/json', readFileSync(join(gpt2Folder, 'config.json'))]],
    ['/gpt2/model.safetensors', ['application/octet-stream', readFileSync(join(gpt2Folder, 'model.safetensors'))]],
    ['/gpt2/prompt.json', ['application/json', JSON.stringify(gpt2Prompt)]],
    ['/pt2/program.pt2', ['application/octet-stream', readFileSync(join(root, 'fixtures', 'export', `${PT2_CASE}.pt2`))]],
    ['/pt2/inputs.json', ['application/json', JSON.stringify({ inputs: pt2Case.inputs })]],
    ['/onnx/model.onnx', ['application/octet-stream', readFileSync(join(root, 'fixtures', 'onnx', ONNX_FILE))]],
    ['/onnx/inputs.json', ['application/json', JSON.stringify({ inputs: onnxCase.inputs })]],
  ]);
  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store', ...ISOLATION }).end(file[1]);
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
  const headline = loadHeadline();
  const gpt2 = loadFixture('models/gpt2/outputs.msgpack');
  const gpt2Logits = Array.from(decodeValue(gpt2.logits).value.numpy());
  const gpt2Prompt = { input_ids: Array.from(decodeValue(gpt2.input_ids).value.numpy(), Number), steps: gpt2.generated.length };
  const pt2Case = recordedRun(loadFixture('export/cases.msgpack').cases.find((c) => c.name === PT2_CASE), 'runs');
  const onnxModel = loadFixture('onnx/cases.msgpack').models.find((m) => m.file === ONNX_FILE);
  const onnxCase = recordedRun(onnxModel, 'cases');
  // Built dist/ (no "wick-source" condition): what a user's bundler sees.
  const { code, nodeImports } = await bundleForBrowser(join(here, 'page.mjs'), { minify: false });
  if (nodeImports.length > 0) throw new Error(`the browser bundle imports Node modules: ${nodeImports.join('; ')}`);

  const server = await serve(code, { ...headline.config, threads: THREADS }, gpt2Prompt, pt2Case, onnxCase);
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
  const warnings = [];
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.wickResult !== undefined, undefined, { timeout: PAGE_MS }).catch((e) => {
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

  const gpt2Worst = worstError(result.gpt2.logits, gpt2Logits);
  if (!(gpt2Worst <= gpt2.tol)) throw new Error(`GPT-2 logits in Chromium differ from PyTorch by ${gpt2Worst} (bound ${gpt2.tol})`);
  if (result.gpt2.tokens.join(' ') !== gpt2.generated.join(' ')) {
    throw new Error(`GPT-2 greedy tokens in Chromium ${result.gpt2.tokens.join(' ')} differ from PyTorch's ${gpt2.generated.join(' ')}`);
  }

  const pt2Worst = worstError(result.pt2, pt2Case.outputs);
  if (!(pt2Worst <= pt2Case.atol)) throw new Error(`${PT2_CASE}.pt2 in Chromium differs from PyTorch by ${pt2Worst} (bound ${pt2Case.atol})`);
  const onnxWorst = worstError(result.onnx, onnxCase.outputs);
  if (!(onnxWorst <= onnxCase.atol)) throw new Error(`${ONNX_FILE} in Chromium differs from PyTorch by ${onnxWorst} (bound ${onnxCase.atol})`);

  const head = result.headline;
  const oneThread = warnings.some((w) => /one thread/.test(w));
  console.log(
    `browser test: crossOriginIsolated ${result.crossOriginIsolated}, kernels loaded ${head.kernelsLoaded}` +
      ` (compiled ${head.compiledSynchronously ? 'synchronously' : 'in the background'}), get_num_threads() ${head.defaultThreads} by default,` +
      ` ${head.threads} used, ${page.workers().length} Web Workers running,` +
      ` one-thread warning ${oneThread ? 'shown' : 'not shown'}`,
  );
  if (!result.crossOriginIsolated) throw new Error('the page is not cross-origin isolated (COOP/COEP headers): wick cannot start threads there');
  if (!head.kernelsLoaded) throw new Error('the WebAssembly kernels did not load in the page (kernelsReady() resolved false)');
  if (!(head.defaultThreads > 1)) throw new Error(`wick sees no threads in a cross-origin isolated page (get_num_threads() ${head.defaultThreads})`);
  if (head.threads > 1 && page.workers().length === 0) throw new Error(`the page runs on ${head.threads} threads but no Web Worker started`);
  if (oneThread) throw new Error(`wick ran on one thread in a cross-origin isolated page: ${warnings.join('; ')}`);
  const check = checkHeadline(head, headline);
  if (!check.ok) throw new Error(`the headline GRU in Chromium differs from PyTorch: ${check.problems.join('; ')}`);
  const ms = (v) => `${v.toFixed(0)} ms`;
  const webgpuLine = checkWebGpu(result.webgpu);
  const { config } = headline;
  console.log(
    `PASS browser test: GRU from layer_gru.pt in headless Chromium matches PyTorch (worst abs error ${worst.toExponential(2)}: ${detail});` +
      ` headline GRU(${config.input_size}, ${config.hidden_size}) on [${config.steps}, ${config.batch}, ${config.input_size}] from manual_seed(${config.seed})` +
      ` on the WebAssembly kernels with ${head.threads} thread${head.threads === 1 ? '' : 's'} matches PyTorch (${check.detail}; tolerance ${headline.tol.atol.toExponential(2)}),` +
      ` forward ${head.runsMs.map(ms).join(' / ')} after a first run of ${ms(head.firstMs)} with init and randn`,
  );
  console.log(
    `PASS browser test: the GPT-2 example on transformers' files matches PyTorch (logits worst abs error ${gpt2Worst.toExponential(2)},` +
      ` bound ${gpt2.tol.toExponential(2)}; greedy tokens ${result.gpt2.tokens.join(' ')} equal)`,
  );
  console.log(
    `PASS browser test: PyTorch's torch.export program ${PT2_CASE}.pt2 through torch.export.load(...).module() matches PyTorch` +
      ` (worst abs error ${pt2Worst.toExponential(2)}, bound ${pt2Case.atol.toExponential(2)}); PyTorch's ${ONNX_FILE} through` +
      ` torch.onnx.load matches PyTorch (worst abs error ${onnxWorst.toExponential(2)}, bound ${onnxCase.atol.toExponential(2)})`,
  );
  console.log(webgpuLine);
}

/**
 * The first recorded run of a fixture case (fixtures/export: `runs` with a {ulp, atol} tol;
 * fixtures/onnx: `cases` with an absolute tol), as JSON the page reads: each input's shape and
 * values, the outputs' values one after another, and the absolute bound.
 */
function recordedRun(recording, runsKey) {
  const run = recording[runsKey][0];
  const tensors = (encoded) => encoded.map((e) => decodeValue(e).value);
  const inputs = tensors(run.inputs).map((t) => ({ shape: t.shape, data: Array.from(t.numpy()) }));
  const outputs = tensors(run.outputs).flatMap((t) => Array.from(t.numpy()));
  const atol = typeof recording.tol === 'number' ? recording.tol : recording.tol.atol;
  return { inputs, outputs, atol };
}

/** Checks the page's WebGPU results against the CPU backend's (throws), and says what ran. */
function checkWebGpu(r) {
  if (r.error !== undefined) throw new Error(`webgpu() failed in Chromium (started with --enable-unsafe-webgpu): ${r.error}`);
  const e = r.elementwise;
  if (!(e.error <= WEBGPU_TOLERANCE.elementwise)) {
    throw new Error(`elementwise ops on WebGPU differ from the CPU backend by ${e.error} (tolerance ${WEBGPU_TOLERANCE.elementwise})`);
  }
  const gru = [['forward', r.gruForward], ['backward', r.gruBackward]].map(([what, g]) => {
    if (g.pending !== undefined) return `GRU(16, 32) ${what} not run yet: ${g.pending}`;
    const bad = Object.entries(g.errors).filter(([k, v]) => !(v <= WEBGPU_TOLERANCE[k]));
    if (bad.length) throw new Error(`the GRU's ${what} on WebGPU differs from the CPU backend: ${bad.map(([k, v]) => `${k} ${v} (tolerance ${WEBGPU_TOLERANCE[k]})`).join(', ')}`);
    const detail = Object.entries(g.errors).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ');
    return `GRU(16, 32) batch 4 seq 8 ${what} matches the CPU backend (worst abs errors ${detail}; ${g.ms.toFixed(0)} ms)`;
  });
  return `PASS browser test (WebGPU, adapter "${r.adapter}"): elementwise ops on [7, 33] match the CPU backend (worst abs error ${e.error.toExponential(2)}, ${e.ms.toFixed(0)} ms); ${gru.join('; ')}`;
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
