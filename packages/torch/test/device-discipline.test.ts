// Device discipline: a model trained on a device (here the host-backed stand-in registered as
// 'webgpu', which refuses every synchronous read of its values) gives the very numbers the same
// seeded program gives on the CPU, since it runs the same kernels: parameters and optimizer state
// after each step are bit-identical, and nothing on the way reads a device tensor's values.
import { useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

useHostDevice();

type Device = 'cpu' | 'webgpu';

/** A tensor's elements, read asynchronously (the only way on a device), as plain numbers or bigints. */
async function valuesOf(t: Tensor): Promise<unknown[]> {
  return Array.from(await t.read() as ArrayLike<unknown>);
}

/** Every tensor in a structure replaced by [device-free dtype, shape, elements]; the rest kept. */
async function plain(value: unknown): Promise<unknown> {
  const cpu = await torch.to_cpu(value);
  const convert = (v: unknown): unknown => {
    if (v instanceof torch.Tensor) return { dtype: v.dtype, shape: v.shape, values: Array.from(v.numpy() as ArrayLike<unknown>) };
    if (v instanceof Map) return [...v].map(([k, x]) => [k, convert(x)]);
    if (Array.isArray(v)) return v.map(convert);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  return convert(cpu);
}

/** Every device tensor a module holds, to check it really lives on the device. */
const devicesOf = (m: torch.nn.Module): string[] => [...m.parameters(), ...m.buffers()].map((t) => t.device);

/** One seeded program: build, then train a few steps; a snapshot of everything after each step. */
async function train(device: Device, which: 'Adam' | 'SGD'): Promise<unknown[]> {
  torch.manual_seed(7);
  const gru = new torch.nn.GRU(3, 5, { num_layers: 2, dropout: 0.3, batch_first: true, device });
  const head = new torch.nn.Linear(5, 2, { device });
  expect(new Set([...devicesOf(gru), ...devicesOf(head)])).toEqual(new Set([device]));
  const params = [...gru.parameters(), ...head.parameters()];
  const opt = which === 'Adam'
    ? new torch.optim.Adam(params, { lr: 0.01, weight_decay: 0.01, amsgrad: true })
    : new torch.optim.SGD(params, { lr: 0.05, momentum: 0.9, nesterov: true });
  const x = torch.randn([4, 6, 3], { device });
  const y = torch.randn([4, 6, 2], { device });
  const snapshots: unknown[] = [];
  for (let step = 0; step < 3; step++) {
    opt.zero_grad();
    const [out] = gru.forward(x);
    const loss = torch.nn.functional.mse_loss(head.forward(out), y);
    loss.backward();
    const norm = torch.nn.utils.clip_grad_norm_(params, 0.5);
    opt.step();
    expect(params.every((p) => p.device === device && p.grad!.device === device)).toBe(true);
    snapshots.push({
      loss: await valuesOf(loss),
      norm: await valuesOf(norm),
      grads: await plain(params.map((p) => p.grad)),
      model: await plain([gru.state_dict(), head.state_dict()]),
      optimizer: await plain(opt.state_dict()),
    });
  }
  return snapshots;
}

describe('training on a device equals training on the CPU, bit for bit', () => {
  for (const which of ['Adam', 'SGD'] as const) {
    it(`GRU (2 layers, dropout, batch_first) + Linear + mse_loss, ${which}, clip_grad_norm_`, async () => {
      const onCpu = await train('cpu', which);
      const onDevice = await train('webgpu', which);
      expect(onDevice).toEqual(onCpu);
    });
  }

  it("keeps Adam's step on the CPU, as PyTorch does when not capturable", () => {
    const p = new torch.nn.Parameter(torch.ones([2], { device: 'webgpu' }));
    const opt = new torch.optim.Adam([p]);
    p.grad = torch.ones([2], { device: 'webgpu' });
    opt.step();
    const state = opt.state.get(p)!;
    expect((state.get('step') as Tensor).device).toBe('cpu');
    expect((state.get('exp_avg') as Tensor).device).toBe('webgpu');
  });

  it('loads a CPU optimizer state into an optimizer of device parameters (moved, step kept on the CPU)', async () => {
    const p = new torch.nn.Parameter(torch.ones([2], { device: 'webgpu' }));
    const opt = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = torch.tensor([1, 2], { dtype: 'float32', device: 'webgpu' });
    opt.step();
    const saved = await torch.to_cpu(opt.state_dict());
    const again = new torch.optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    again.load_state_dict(saved);
    const buffer = again.state.get(p)!.get('momentum_buffer') as Tensor;
    expect(buffer.device).toBe('webgpu');
    expect(await valuesOf(buffer)).toEqual([1, 2]);
  });
});

describe('recurrent modules on a device equal the CPU', () => {
  /** A recurrent module: its forward's output on a sequence, and its parameters. */
  interface Recurrent { forward: (x: Tensor) => Tensor; parameters: () => Tensor[] }
  const lstm = (m: torch.nn.LSTM): Recurrent => ({ forward: (x) => m.forward(x)[0], parameters: () => [...m.parameters()] });
  const rnn = (m: torch.nn.RNN): Recurrent => ({ forward: (x) => m.forward(x)[0], parameters: () => [...m.parameters()] });
  const cases: [string, (device: Device) => Recurrent][] = [
    ['LSTM', (device) => lstm(new torch.nn.LSTM(3, 4, { num_layers: 2, bidirectional: true, device }))],
    ['RNN relu', (device) => rnn(new torch.nn.RNN(3, 4, { nonlinearity: 'relu', device }))],
    ['LSTM proj_size', (device) => lstm(new torch.nn.LSTM(3, 4, { proj_size: 2, device }))],
  ];
  for (const [name, make] of cases) {
    it(`${name}: forward and backward`, async () => {
      const run = async (device: Device) => {
        torch.manual_seed(3);
        const m = make(device);
        const x = torch.randn([5, 2, 3], { device, requires_grad: true });
        const out = m.forward(x);
        out.pow(2).sum().backward();
        return plain([out.detach(), x.grad, m.parameters().map((p) => p.grad)]);
      };
      expect(await run('webgpu')).toEqual(await run('cpu'));
    });
  }
});

describe('module.to moves parameters and buffers', () => {
  it("moves a module's parameters and buffers to the device, keeping their values", async () => {
    torch.manual_seed(1);
    const loss = new torch.nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 3]) });
    const lin = new torch.nn.Linear(3, 3);
    const before = await plain([lin.state_dict(), loss.state_dict()]);
    lin.to('webgpu');
    loss.to('webgpu');
    expect(devicesOf(lin)).toEqual(['webgpu', 'webgpu']);
    expect(devicesOf(loss)).toEqual(['webgpu']);
    expect(lin.weight.storage.data).toBeNull();
    expect(lin.weight).toBeInstanceOf(torch.nn.Parameter);
    expect(await plain([lin.state_dict(), loss.state_dict()])).toEqual(before);
  });

  it('a module built on the device equals the same module built on the CPU and moved there', async () => {
    torch.manual_seed(5);
    const built = new torch.nn.GRU(2, 3, { num_layers: 2, device: 'webgpu' });
    torch.manual_seed(5);
    const moved = new torch.nn.GRU(2, 3, { num_layers: 2 }).to('webgpu');
    expect(await plain(built.state_dict())).toEqual(await plain(moved.state_dict()));
  });
});

describe('torch.to_cpu: the asynchronous way back', () => {
  it('moves a tensor: dtype, shape and values kept, detached, on the CPU', async () => {
    const cases: [torch.TensorData, torch.DType][] = [
      [[[1.5, -2], [3, 0.25]], 'float32'], [[1, 2, 3], 'float64'], [[0.5, 65504], 'float16'], [[1.25], 'bfloat16'],
      [[-7n, 9007199254740993n], 'int64'], [[true, false], 'bool'], [[250, 3], 'uint8'],
    ];
    for (const [data, dtype] of cases) {
      const x = torch.tensor(data, { dtype, device: 'webgpu' });
      const back = await torch.to_cpu(x);
      expect(back.device).toBe('cpu');
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(x.shape);
      expect(back.tolist()).toEqual(torch.tensor(data, { dtype }).tolist());
      expect((await x.to_cpu()).tolist()).toEqual(back.tolist());
    }
  });

  it('gives a tensor that does not require grad, like a state_dict entry', async () => {
    const w = torch.randn([2, 2], { device: 'webgpu', requires_grad: true });
    const y = w.mul(2);
    const back = await torch.to_cpu(y);
    expect(back.requires_grad).toBe(false);
    expect(back.grad_fn).toBeNull();
    // A CPU tensor comes back detached too, without a copy.
    const c = torch.ones([2], { requires_grad: true });
    const same = await torch.to_cpu(c);
    expect(same.requires_grad).toBe(false);
    expect(same.storage).toBe(c.storage);
  });

  it('moves every tensor of a structure: Map, arrays, plain objects, other values kept', async () => {
    const t = torch.tensor([1, 2], { device: 'webgpu' });
    const value = { a: [t, 3, 'x', null], m: new Map([['k', t]]), n: { deep: [[t]] } };
    const back = await torch.to_cpu(value);
    expect(back.a[0]).toBeInstanceOf(torch.Tensor);
    expect((back.a[0] as Tensor).device).toBe('cpu');
    expect(back.a.slice(1)).toEqual([3, 'x', null]);
    expect(back.m).toBeInstanceOf(Map);
    expect((back.m.get('k') as Tensor).tolist()).toEqual([1, 2]);
    expect((back.n.deep[0]![0] as Tensor).tolist()).toEqual([1, 2]);
  });

  it('binds by name and refuses wrong calls', async () => {
    const t = torch.tensor([4], { device: 'webgpu' });
    expect(((await torch.to_cpu({ value: t })) as Tensor).tolist()).toEqual([4]);
    expect(() => (torch.to_cpu as (...a: unknown[]) => unknown)()).toThrow(/to_cpu\(\) missing 1 required positional argument|missing/);
    expect(() => (torch.to_cpu as (...a: unknown[]) => unknown)(t, 1)).toThrow(torch.ArgumentError);
    expect(() => (t.to_cpu as (...a: unknown[]) => unknown)(1)).toThrow(torch.ArgumentError);
  });

  it('saves a model trained on the device: torch.save(await torch.to_cpu(model.state_dict())) round-trips', async () => {
    torch.manual_seed(11);
    const model = new torch.nn.Linear(3, 2, { device: 'webgpu' });
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1 });
    model.forward(torch.randn([4, 3], { device: 'webgpu' })).sum().backward();
    opt.step();
    const bytes = torch.save(await torch.to_cpu(model.state_dict()));
    const loaded = torch.load(bytes) as Map<string, Tensor>;
    const fresh = new torch.nn.Linear(3, 2, { device: 'webgpu' });
    fresh.load_state_dict(loaded);
    expect([...loaded.keys()]).toEqual(['weight', 'bias']);
    expect(await plain(fresh.state_dict())).toEqual(await plain(model.state_dict()));
    expect(fresh.weight.device).toBe('webgpu');
  });

  it('refuses a synchronous move off the device, naming the asynchronous way', () => {
    const t = torch.ones([2], { device: 'webgpu' });
    expect(() => t.cpu()).toThrow(torch.DeviceError);
    expect(() => t.cpu()).toThrow(/await tensor.to_cpu\(\)/);
    expect(() => t.to('cpu')).toThrow(/copying a 'webgpu' tensor to 'cpu' synchronously is not possible/);
    expect(() => torch.zeros([2]).copy_(t)).toThrow(torch.DeviceError);
    expect(() => torch.save(t)).toThrow();
  });
});

describe('what reads values on a device is refused up front', () => {
  it('clip_grad_norm_ with error_if_nonfinite=True (PyTorch reads the norm there)', async () => {
    const p = new torch.nn.Parameter(torch.ones([2], { device: 'webgpu' }));
    p.grad = torch.tensor([3, 4], { dtype: 'float32', device: 'webgpu' });
    expect(() => torch.nn.utils.clip_grad_norm_([p], 1, { error_if_nonfinite: true })).toThrow(torch.DeviceError);
    expect(() => torch.nn.utils.clip_grad_norm_([p], 1, { error_if_nonfinite: true })).toThrow(/error_if_nonfinite=False/);
    // Refused before clipping: the gradient is unchanged.
    expect(await valuesOf(p.grad)).toEqual([3, 4]);
  });

  it('LBFGS (its line search and convergence tests read values) before the closure runs', () => {
    const p = new torch.nn.Parameter(torch.ones([2], { device: 'webgpu' }));
    const opt = new torch.optim.LBFGS([p]);
    let calls = 0;
    expect(() => opt.step(() => { calls++; return p.sum(); })).toThrow(/LBFGS reads the loss and gradient values/);
    expect(calls).toBe(0);
  });
});
