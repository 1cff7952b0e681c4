// `pnpm bench:peers`: the headline GRU (256 -> 256, one layer, sequence 100, batch 32, forward,
// inference) in other JavaScript libraries, against PyTorch and wick in the same run:
//   - onnxruntime-web, wasm backend, 2 threads: a one-node ONNX GRU model built by onnx-gru.mjs
//     (linear_before_reset = 1, PyTorch's formula);
//   - @tensorflow/tfjs with @tensorflow/tfjs-backend-wasm: tf.layers.gru (tfjs has no
//     reset_after, so its candidate state applies the reset gate before the recurrent product;
//     the FLOPs are the same).
// Those packages are not dependencies of the workspace: this script installs them with
// `npm install --prefix <cache>` on first use, into $WICK_BENCH_PEERS_DIR or else
// ~/.cache/wick-bench-peers, and loads them from there. Delete that folder to reinstall.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, homedir } from 'node:os';
import { join } from 'node:path';
import { loadRecording, startTorch, timeit } from '../lib.mjs';
import { gruModel } from './onnx-gru.mjs';

const peers = ['onnxruntime-web@1', '@tensorflow/tfjs@4', '@tensorflow/tfjs-backend-wasm@4'];
const cache = process.env.WICK_BENCH_PEERS_DIR ?? join(homedir(), '.cache', 'wick-bench-peers');
const shape = { seq: 100, batch: 32, input: 256, hidden: 256 };
const threads = 2;
const name = `GRU(256, 256) seq ${shape.seq} batch ${shape.batch} forward`;
const options = { warmup: 1, minRuns: 3, budgetMs: 3000 };

function install() {
  const missing = peers.filter((p) => !existsSync(join(cache, 'node_modules', p.slice(0, p.lastIndexOf('@')), 'package.json')));
  if (!missing.length) return;
  mkdirSync(cache, { recursive: true });
  console.log(`installing ${missing.join(', ')} into ${cache} ...`);
  execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--loglevel=error', ...peers], { stdio: 'inherit' });
}

/** Median ms of an async call, with the warm-up and run counts of timeit(). */
async function timeAsync(fn, { warmup, minRuns, maxRuns = 50, budgetMs }) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (times.length < maxRuns && performance.now() - start < budgetMs)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const m = times.length >> 1;
  return times.length % 2 ? times[m] : (times[m - 1] + times[m]) / 2;
}

async function onnxruntime(require) {
  const ort = require('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  const session = await ort.InferenceSession.create(gruModel(shape), { executionProviders: ['wasm'] });
  const x = new ort.Tensor('float32', Float32Array.from({ length: shape.seq * shape.batch * shape.input }, () => Math.random() - 0.5), [shape.seq, shape.batch, shape.input]);
  const ms = await timeAsync(() => session.run({ X: x }), options);
  // The package's exports hide package.json from require(); read it from the folder.
  const { version } = JSON.parse(readFileSync(join(cache, 'node_modules', 'onnxruntime-web', 'package.json'), 'utf8'));
  return { ms, note: `onnxruntime-web ${version}, wasm, numThreads ${ort.env.wasm.numThreads}` };
}

async function tfjs(require) {
  const tf = require('@tensorflow/tfjs');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(join(cache, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + '/');
  wasm.setThreadsCount(threads);
  await tf.setBackend('wasm');
  await tf.ready();
  const layer = tf.layers.gru({ units: shape.hidden, returnSequences: true, inputShape: [shape.seq, shape.input] });
  const x = tf.randomUniform([shape.batch, shape.seq, shape.input], -0.5, 0.5); // tfjs is batch-first
  const ms = await timeAsync(() => tf.tidy(() => layer.apply(x)).data(), options);
  const mt = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return { ms, note: `tfjs ${tf.version.tfjs}, wasm (simd ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}), ${mt ? `${wasm.getThreadsCount()} threads` : '1 thread (no multithreaded wasm here)'}` };
}

install();
const require = createRequire(join(cache, 'package.json'));
// tfjs warns about a slow orthogonal init of the recurrent kernel; not part of the timing.
const warn = console.warn;
console.warn = () => {};

const results = [];
for (const [label, run] of [['onnxruntime-web', onnxruntime], ['tfjs-wasm', tfjs]]) {
  try {
    results.push({ label, ...(await run(require)) });
  } catch (e) {
    results.push({ label, error: e.message.split('\n')[0] });
  }
}
console.warn = warn;

const { torch, autograd, nn } = await loadRecording();
const layer = new nn.GRU(shape.input, shape.hidden);
const xw = torch.randn([shape.seq, shape.batch, shape.input]);
results.push({ label: 'wick', ms: timeit(() => autograd.no_grad(() => layer.forward(xw)), options), note: 'this checkout' });

// PyTorch with its default threads (the ratios' reference) and with 1 thread: on a busy machine
// its thread pool can lose more than a second thread gains.
const torchCase = {
  name,
  torch: { setup: `torch.manual_seed(0); m = torch.nn.GRU(256, 256); x = torch.randn(100, 32, 256)\ndef f():\n    with torch.no_grad():\n        return m(x)`, stmt: 'f()' },
  options,
};
const py = await startTorch();
const torchMs = py.error ? undefined : await py.time(torchCase);
py.close?.();
const py1 = await startTorch({ threads: 1 });
const torch1Ms = py1.error ? undefined : await py1.time(torchCase);
py1.close?.();

console.log('');
console.log(`${name}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`);
console.log(py.error ?? `PyTorch ${py.torch}: ${torchMs?.toFixed(1)} ms with ${py.threads} threads (default), ${torch1Ms?.toFixed(1)} ms with 1`);
console.log(`  ${''.padEnd(16)} ${''.padStart(8)}     ${'/torch'.padStart(7)} ${'/torch1'.padStart(7)}`);
for (const r of results) {
  if (r.error) {
    console.log(`  ${r.label.padEnd(16)} failed: ${r.error}`);
    continue;
  }
  const ratio = (t) => (t ? `${(r.ms / t).toFixed(2)}x` : '-').padStart(7);
  console.log(`  ${r.label.padEnd(16)} ${r.ms.toFixed(1).padStart(8)} ms  ${ratio(torchMs)} ${ratio(torch1Ms)}  (${r.note})`);
}
// onnxruntime's thread pool keeps workers alive.
process.exit(0);
