// GFLOP/s of the WebGPU backend's square float32 matmul (256, 512, 1024), plain and with a
// transposed right operand (x @ W^T), on whatever adapter webgpu() finds. Not part of run.mjs's
// table (device work is asynchronous): run it alone after building tensor and webgpu:
//
//   node tools/bench/webgpu/matmul.mjs
//
// Each timing runs `reps` products back to back and then reads one element (the read waits for
// all of them), so a submit and a read are spread over the products; the median of 5 is printed.
import { join } from 'node:path';
import { root } from '../lib.mjs';

const torch = await import(join(root, 'packages', 'tensor', 'dist', 'index.js'));
const { webgpu } = await import(join(root, 'packages', 'webgpu', 'dist', 'index.js'));

const gpu = await webgpu();
torch.use(gpu);
console.log(`adapter: ${gpu.adapter}`);

async function time(n, transposed) {
  torch.manual_seed(0);
  const a = torch.randn([n, n]).to('webgpu');
  const w = torch.randn([n, n]).to('webgpu');
  const b = transposed ? w.t() : w;
  const reps = n <= 256 ? 20 : n <= 512 ? 5 : 2;
  const once = async () => {
    let c;
    for (let i = 0; i < reps; i++) c = torch.matmul(a, b);
    await c.narrow(0, 0, 1).narrow(1, 0, 1).read();
  };
  await once(); // compiles the pipeline
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    await once();
    runs.push((performance.now() - t0) / reps);
  }
  runs.sort((x, y) => x - y);
  const ms = runs[2];
  return { ms, gflops: (2 * n ** 3) / (ms * 1e6) };
}

for (const n of [256, 512, 1024]) {
  for (const transposed of [false, true]) {
    const { ms, gflops } = await time(n, transposed);
    const name = `matmul f32 ${n}x${n} @ ${n}x${n}${transposed ? '^T' : ''}`;
    console.log(`${name.padEnd(34)} ${ms.toFixed(2).padStart(9)} ms ${gflops.toFixed(2).padStart(8)} GFLOP/s`);
  }
}
