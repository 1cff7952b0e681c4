// The program the browser test runs inside headless Chromium, bundled by esbuild for
// platform=browser: it fetches a PyTorch checkpoint's bytes, loads a GRU from them, runs it
// forward and backward; then it runs the headline GRU(256, 256) from its seed on the WebAssembly
// kernels (browser/headline.mjs) and times its forward pass; it runs the GPT-2 example's model
// (examples/gpt2-model.mjs) on transformers' files and greedy-decodes, a program PyTorch saved with
// torch.export.save and a GRU model PyTorch exported to ONNX. It leaves the numbers, and what the
// page knows about its kernels and threads, on `globalThis.wickResult` for the driver (run.mjs),
// which compares them with PyTorch's. Last, it runs the WebGPU checks (browser/webgpu.mjs).
// NOTE: globals are read through `globalThis` so that ESLint's no-undef (Node-less .mjs files get
// no browser globals in this repo's config) has nothing to flag.
import * as torch from '@wick/torch';
import { get_num_threads, kernelsReady, load, manual_seed, nn, no_grad, randn, set_num_threads, tensor } from '@wick/torch';
import { webgpu } from '@wick/webgpu';
import { greedy, loadGpt2 } from '../../../examples/gpt2-model.mjs';
import { gruInput } from '../test/expected.js';
import { headlineGru } from './headline.mjs';
import { webgpuChecks } from './webgpu.mjs';

const TIMED_RUNS = 3;
const WORKER_START_MS = 500;

async function fetchBytes(name) {
  const response = await globalThis.fetch(name);
  if (!response.ok) throw new Error(`fetching ${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function fetchJson(name) {
  const response = await globalThis.fetch(name);
  if (!response.ok) throw new Error(`fetching ${name}: HTTP ${response.status}`);
  return response.json();
}

/** The headline GRU from its seed (config from the driver), and its forward time in ms: a warm-up, then TIMED_RUNS runs. */
async function headline() {
  // Ask before any op runs. kernelsReady settles within a few microtasks when the module compiled
  // synchronously, and only after a background compilation otherwise: that tells the driver which
  // path this page took (informational).
  let settled = false;
  const ready = kernelsReady().then((loaded) => ((settled = true), loaded));
  for (let i = 0; i < 4; i++) await Promise.resolve();
  const compiledSynchronously = settled;
  const kernelsLoaded = await ready;
  const { threads: runThreads, ...config } = await fetchJson('headline.json');
  // What wick would use here by default: more than one only where it can start threads (the page
  // is cross-origin isolated and has Web Workers).
  const defaultThreads = get_num_threads();
  // The driver may ask for another thread count (null: wick's default).
  if (runThreads !== null) set_num_threads(runThreads);
  const started = globalThis.performance.now();
  const { gru, x, ...numbers } = headlineGru({ manual_seed, nn, randn, no_grad }, config);
  const firstMs = globalThis.performance.now() - started; // init, randn and the first forward
  // A browser starts the pool's Web Workers (spawned when the kernels load) only once this thread
  // returns to its event loop; until they are ready jobs run here. Give them that chance before timing.
  await new Promise((resolve) => globalThis.setTimeout(resolve, WORKER_START_MS));
  const runsMs = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const t0 = globalThis.performance.now();
    no_grad(() => gru(x));
    runsMs.push(globalThis.performance.now() - t0);
  }
  return { ...numbers, kernelsLoaded, compiledSynchronously, defaultThreads, threads: get_num_threads(), firstMs, runsMs };
}

/** The GPT-2 example on the files transformers wrote: its logits for the driver's prompt, and the greedy tokens after it. */
async function gpt2() {
  const { input_ids: inputIds, steps } = await fetchJson('gpt2/prompt.json');
  const model = loadGpt2(await fetchJson('gpt2/config.json'), await fetchBytes('gpt2/model.safetensors'));
  const ids = tensor([inputIds]);
  return no_grad(() => ({ logits: Array.from(model(ids).numpy()), tokens: greedy(model, ids, steps) }));
}

/** The flat values of several tensors, one after another. */
const values = (tensors) => tensors.flatMap((t) => Array.from(t.numpy()));

/** PyTorch's torch.export program (.pt2) run through torch.export.load(...).module() on the driver's inputs. */
async function pt2() {
  const { inputs } = await fetchJson('pt2/inputs.json');
  const m = torch.export.load(await fetchBytes('pt2/program.pt2')).module();
  const out = no_grad(() => m(...inputs.map(({ shape, data }) => tensor(data).reshape(shape))));
  return values(Array.isArray(out) ? out : [out]);
}

/** PyTorch's ONNX file run through torch.onnx.load(...).forward on the driver's inputs. */
async function onnx() {
  const { inputs } = await fetchJson('onnx/inputs.json');
  const model = torch.onnx.load(await fetchBytes('onnx/model.onnx'));
  const out = no_grad(() => model.forward(...inputs.map(({ shape, data }) => tensor(data).reshape(shape))));
  return values(Array.isArray(out) ? out : [out]);
}

async function main() {
  const crossOriginIsolated = globalThis.crossOriginIsolated === true;
  const head = await headline();
  const bytes = await fetchBytes('layer_gru.pt');
  const gru = new nn.GRU(3, 2, { num_layers: 2, bidirectional: true });
  gru.load_state_dict(load(bytes));
  const leaf = tensor(gruInput()).requires_grad_();
  const [out, h] = gru(leaf.reshape([4, 2, 3])); // modules are callable, as in PyTorch
  out.sum().backward();
  const gpt2Result = await gpt2();
  const pt2Result = await pt2();
  const onnxResult = await onnx();
  // Last: it registers the 'webgpu' backend (the checks above are on the CPU alone).
  const gpu = await webgpuChecks({ torch, nn, webgpu });
  return {
    webgpu: gpu,
    gpt2: gpt2Result,
    pt2: pt2Result,
    onnx: onnxResult,
    out: Array.from(out.detach().numpy()),
    h: Array.from(h.detach().numpy()),
    inputGrad: Array.from(leaf.grad.numpy()),
    crossOriginIsolated,
    headline: head,
    userAgent: globalThis.navigator.userAgent,
  };
}

main().then(
  (result) => (globalThis.wickResult = { ok: true, ...result }),
  (e) => (globalThis.wickResult = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
