// The program the browser test runs inside headless Chromium, bundled by esbuild for
// platform=browser: it fetches a PyTorch checkpoint's bytes, loads a GRU from them, runs it
// forward and backward, and leaves the numbers on `globalThis.wickResult` for the driver
// (run.mjs), which compares them with PyTorch's.
// NOTE: globals are read through `globalThis` so that ESLint's no-undef (Node-less .mjs files get
// no browser globals in this repo's config) has nothing to flag.
import { load, nn, tensor } from '@wick/torch';
import { gruInput } from '../test/expected.js';

async function main() {
  const response = await globalThis.fetch('layer_gru.pt');
  if (!response.ok) throw new Error(`fetching layer_gru.pt: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const gru = new nn.GRU(3, 2, { num_layers: 2, bidirectional: true });
  gru.load_state_dict(load(bytes));
  const leaf = tensor(gruInput()).requires_grad_();
  const [out, h] = gru(leaf.reshape([4, 2, 3])); // modules are callable, as in PyTorch
  out.sum().backward();
  return {
    out: Array.from(out.detach().numpy()),
    h: Array.from(h.detach().numpy()),
    inputGrad: Array.from(leaf.grad.numpy()),
    userAgent: globalThis.navigator.userAgent,
  };
}

main().then(
  (result) => (globalThis.wickResult = { ok: true, ...result }),
  (e) => (globalThis.wickResult = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
