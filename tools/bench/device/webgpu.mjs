// The GPU benchmarks (`pnpm bench --device webgpu`, run by device/run.mjs): each case is the same
// work on device 'webgpu' (`gpu`, async: it ends with `await gpu.synchronize()`), on the CPU
// backend (`cpu`) and in PyTorch (`torch(device)`: setup and statement for 'cpu' or 'cuda', the
// CUDA one synchronizing). The two wick models start from the same seed, as PyTorch's does.
//   - GRU and LSTM layers, batch_first: the headline (256 -> 256, sequence 100, batch 32) and a
//     small one (10 -> 20, sequence 50, batch 32, where the per-step cost dominates); forward
//     under no_grad, and forward + (output.sum() + h_n.sum() [+ c_n.sum()]).backward() (every
//     output in the loss, so that each backend's backward gets a gradient for each);
//   - square float32 matmuls, 256, 512, 1024;
//   - a chain of 8 elementwise ops on [1024, 1024] float32 (memory-bound; one dispatch each);
//   - a training step: an MLP (256 -> 256 -> ReLU -> 10) on a batch of 128, MSE loss, SGD.
// --quick keeps only the small sizes (a software adapter runs the headline GRU in tens of seconds).
import { load, loadRecording } from '../lib.mjs';

export const packages = ['tensor', 'autograd', 'nn', 'optim', 'webgpu'];

export async function cases({ quick }) {
  const { torch, autograd, nn } = await loadRecording();
  const [optim, { webgpu }] = await Promise.all([load('optim'), load('webgpu')]);
  const gpu = await webgpu();
  torch.use(gpu);
  const done = () => gpu.synchronize();
  const sync = (device) => (device === 'cuda' ? '; torch.cuda.synchronize()' : '');
  const out = [];
  // Every output in the loss (an LSTM's state is the pair h_n, c_n).
  const lossOf = ([o, state]) => (Array.isArray(state) ? state : [state]).reduce((l, s) => l.add(s.sum()), o.sum());

  const layers = [{ input: 10, hidden: 20, seq: 50, batch: 32, options: { warmup: 2, minRuns: 5, budgetMs: 2000 } }];
  if (!quick) layers.push({ input: 256, hidden: 256, seq: 100, batch: 32, options: { warmup: 1, minRuns: 3, maxRuns: 5, budgetMs: 3000 } });
  for (const mode of ['GRU', 'LSTM']) {
    for (const { input, hidden, seq, batch, options } of layers) {
      torch.manual_seed(0);
      const cpuLayer = new nn[mode](input, hidden, { batch_first: true });
      torch.manual_seed(0);
      const gpuLayer = new nn[mode](input, hidden, { batch_first: true }).to('webgpu');
      const x = torch.randn([batch, seq, input]);
      const xg = x.clone().requires_grad_();
      const gx = x.to('webgpu');
      const gxg = x.to('webgpu').requires_grad_();
      const label = `${mode}(${input}, ${hidden}) batch_first batch ${batch} seq ${seq}`;
      const setup = (d) => `torch.manual_seed(0); m = torch.nn.${mode}(${input}, ${hidden}, batch_first=True).to('${d}'); x = torch.randn(${batch}, ${seq}, ${input}, device='${d}'); xg = x.clone().requires_grad_()`;
      out.push({
        name: `${label} forward`,
        gpu: async () => {
          autograd.no_grad(() => gpuLayer.forward(gx));
          await done();
        },
        cpu: () => autograd.no_grad(() => cpuLayer.forward(x)),
        torch: (d) => ({ setup: `${setup(d)}\ndef f():\n    with torch.no_grad():\n        m(x)${sync(d)}`, stmt: 'f()' }),
        options,
      });
      out.push({
        name: `${label} fwd+bwd`,
        gpu: async () => {
          lossOf(gpuLayer.forward(gxg)).backward();
          await done();
        },
        cpu: () => lossOf(cpuLayer.forward(xg)).backward(),
        torch: (d) => ({ setup: `${setup(d)}\ndef f():\n    o, s = m(xg); sum((t.sum() for t in (s if isinstance(s, tuple) else (s,))), o.sum()).backward()${sync(d)}`, stmt: 'f()' }),
        options,
      });
    }
  }

  for (const n of quick ? [256] : [256, 512, 1024]) {
    const a = torch.randn([n, n]);
    const b = torch.randn([n, n]);
    const ga = a.to('webgpu');
    const gb = b.to('webgpu');
    out.push({
      name: `matmul f32 ${n}x${n} @ ${n}x${n}`,
      gpu: async () => {
        torch.matmul(ga, gb);
        await done();
      },
      cpu: () => torch.matmul(a, b),
      torch: (d) => ({ setup: `a = torch.randn(${n}, ${n}, device='${d}'); b = torch.randn(${n}, ${n}, device='${d}')`, stmt: `torch.matmul(a, b)${sync(d)}` }),
      options: n >= 1024 ? { warmup: 1, minRuns: 3, maxRuns: 5, budgetMs: 3000 } : { warmup: 2, minRuns: 5, budgetMs: 2000 },
    });
  }

  {
    const n = quick ? 256 : 1024;
    const a = torch.randn([n, n]);
    const b = torch.randn([n, n]);
    const [ga, gb] = [a.to('webgpu'), b.to('webgpu')];
    const chain = (x, y) => x.mul(y).add(x).tanh().sub(y).sigmoid().mul(x).clamp(-1, 1).neg();
    out.push({
      name: `elementwise chain of 8 ops on [${n}, ${n}] f32`,
      gpu: async () => {
        chain(ga, gb);
        await done();
      },
      cpu: () => chain(a, b),
      torch: (d) => ({ setup: `a = torch.randn(${n}, ${n}, device='${d}'); b = torch.randn(${n}, ${n}, device='${d}')`, stmt: `a.mul(b).add(a).tanh().sub(b).sigmoid().mul(a).clamp(-1, 1).neg()${sync(d)}` }),
      options: { warmup: 2, minRuns: 5, budgetMs: 2000 },
    });
  }

  // One training step of a small MLP: forward, loss, backward, SGD update.
  const batch = 128;
  const mlp = () => new nn.Sequential(new nn.Linear(256, 256), new nn.ReLU(), new nn.Linear(256, 10));
  torch.manual_seed(0);
  const cpuModel = mlp();
  torch.manual_seed(0);
  const gpuModel = mlp().to('webgpu');
  const x = torch.randn([batch, 256]);
  const y = torch.randn([batch, 10]);
  const [gx, gy] = [x.to('webgpu'), y.to('webgpu')];
  const loss = new nn.MSELoss();
  const cpuOpt = new optim.SGD(cpuModel.parameters(), { lr: 0.01 });
  const gpuOpt = new optim.SGD(gpuModel.parameters(), { lr: 0.01 });
  const step = (model, opt, input, target) => {
    opt.zero_grad();
    loss.forward(model.forward(input), target).backward();
    opt.step();
  };
  out.push({
    name: `training step MLP 256-256-10 batch ${batch} (MSE, SGD)`,
    gpu: async () => {
      step(gpuModel, gpuOpt, gx, gy);
      await done();
    },
    cpu: () => step(cpuModel, cpuOpt, x, y),
    torch: (d) => ({
      setup: `torch.manual_seed(0); m = torch.nn.Sequential(torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)).to('${d}'); x = torch.randn(${batch}, 256, device='${d}'); y = torch.randn(${batch}, 10, device='${d}'); opt = torch.optim.SGD(m.parameters(), lr=0.01); loss = torch.nn.MSELoss()
def f():
    opt.zero_grad(); loss(m(x), y).backward(); opt.step()${sync(d)}`,
      stmt: 'f()',
    }),
    options: { warmup: 3, minRuns: 5, budgetMs: 2000 },
  });
  return { adapter: gpu.adapter, cases: out };
}
