// The WebGPU part of the browser page: @wick/webgpu bundled for the browser (its `#gpu` import is
// navigator.gpu there), registered for device 'webgpu', and the same computations run on the GPU
// and on the CPU backend in the page, for the driver (run.mjs) to compare. Headless Chromium with
// --enable-unsafe-webgpu has a software adapter (SwiftShader), so the shapes are small.
//   - elementwise: a chain of unary, binary, where and clamp ops on [7, 33] float32;
//   - a GRU(16, 32), batch_first, batch 4, sequence 8: forward (comparing the output and h_n),
//     then forward and (out.sum() + h.sum()).backward() (comparing the input's and weight_hh_l0's
//     gradients). Until the backend has the kernels each needs, it reports which one is missing.
// Times are the GPU side's wall time, reads of the results included (informational).

const now = () => globalThis.performance.now();

/** The largest |a - b| over two equally long arrays. */
function maxError(a, b) {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(Number(a[i]) - Number(b[i])));
  return worst;
}

async function elementwise(torch) {
  torch.manual_seed(1);
  const x = torch.randn([7, 33]);
  const y = torch.randn([7, 33]);
  // Integer scalars only: a float scalar would be held as float64, which WGSL lacks.
  const f = (a, b) => torch.where(a.gt(b), a.mul(b).add(a.tanh()), b.sigmoid().sub(a.exp())).clamp(-3, 3).neg();
  const want = f(x, y).numpy();
  const t0 = now();
  const got = await f(x.to('webgpu'), y.to('webgpu')).read();
  return { error: maxError(got, want), ms: now() - t0, n: want.length };
}

/** The GRU on both devices, with the same weights and input. */
function gruPair(torch, nn) {
  torch.manual_seed(2);
  const cpu = new nn.GRU(16, 32, { batch_first: true });
  const onGpu = new nn.GRU(16, 32, { batch_first: true });
  onGpu.load_state_dict(cpu.state_dict());
  onGpu.to('webgpu');
  return { cpu, onGpu, x: torch.randn([4, 8, 16]) };
}

async function gruForward(torch, { cpu, onGpu, x }) {
  const [oc, hc] = torch.no_grad(() => cpu(x));
  const t0 = now();
  const [og, hg] = torch.no_grad(() => onGpu(x.to('webgpu')));
  const got = { out: await og.read(), h: await hg.read() };
  const ms = now() - t0;
  return { errors: { out: maxError(got.out, oc.numpy()), h: maxError(got.h, hc.numpy()) }, ms };
}

async function gruBackward({ cpu, onGpu, x }) {
  const xc = x.clone().requires_grad_();
  const [oc, hc] = cpu(xc);
  oc.sum().add(hc.sum()).backward();
  const t0 = now();
  const xg = x.to('webgpu').requires_grad_();
  const [og, hg] = onGpu(xg);
  og.sum().add(hg.sum()).backward();
  const got = { inputGrad: await xg.grad.read(), weightHhGrad: await onGpu.weight_hh_l0.grad.read() };
  const ms = now() - t0;
  return { errors: { inputGrad: maxError(got.inputGrad, xc.grad.numpy()), weightHhGrad: maxError(got.weightHhGrad, cpu.weight_hh_l0.grad.numpy()) }, ms };
}

/** `check()`'s result, or {pending} when the backend has no kernel yet for an op it needs. */
async function unlessPending(check) {
  try {
    return await check();
  } catch (e) {
    if (!/has no webgpu kernel yet/.test(e.message)) throw e;
    return { pending: e.message };
  }
}

/** The page's WebGPU checks, or {error} when there is no adapter. */
export async function webgpuChecks({ torch, nn, webgpu }) {
  let gpu;
  try {
    gpu = await webgpu();
  } catch (e) {
    return { error: e.message };
  }
  torch.use(gpu);
  const result = { adapter: gpu.adapter, elementwise: await elementwise(torch) };
  // A family the backend has no kernel for yet (a DeviceError saying so) is reported, not failed.
  const pair = await unlessPending(async () => gruPair(torch, nn));
  if (pair.pending !== undefined) return { ...result, gruForward: pair, gruBackward: pair };
  result.gruForward = await unlessPending(() => gruForward(torch, pair));
  result.gruBackward = await unlessPending(() => gruBackward(pair));
  return result;
}
