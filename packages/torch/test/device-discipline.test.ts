// Device discipline: a model trained on a device (here the host-backed stand-in registered as
// 'webgpu', which refuses every synchronous read) gives the very numbers the same seeded program
// gives on the CPU, since it runs the same kernels: parameters and optimizer state after each step
// are bit-identical, and nothing on the way reads a device tensor's values.
import { useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

useHostDevice();

/** Every tensor's values, read asynchronously (the only way on a device). */
async function values(ts: Iterable<Tensor>): Promise<number[][]> {
  const out: number[][] = [];
  for (const t of ts) out.push(Array.from(await t.read(), Number));
  return out;
}

/** An optimizer's state as plain numbers: each parameter's state entries, in order. */
async function optimizerState(opt: torch.optim.Optimizer): Promise<unknown> {
  const cpu = await torch.to_cpu(opt.state_dict());
  return JSON.parse(JSON.stringify(cpu, (_k, v: unknown) => (v instanceof torch.Tensor ? [v.dtype, v.shape, Array.from(v.tolist() as number[]).flat(9)] : typeof v === 'bigint' ? String(v) : v)));
}

type Device = 'cpu' | 'webgpu';

/** One seeded program: build, then train a few steps; snapshots after each step. */
async function train(device: Device, which: 'Adam' | 'SGD'): Promise<unknown[]> {
  torch.manual_seed(7);
  const gru = new torch.nn.GRU(3, 5, { num_layers: 2, dropout: 0.3, batch_first: true, device });
  const head = new torch.nn.Linear(5, 2, { device });
  const params = [...gru.parameters(), ...head.parameters()];
  const opt = which === 'Adam'
    ? new torch.optim.Adam(params, { lr: 0.01 })
    : new torch.optim.SGD(params, { lr: 0.05, momentum: 0.9 });
  const x = torch.randn([4, 6, 3], { device });
  const y = torch.randn([4, 6, 2], { device });
  const snapshots: unknown[] = [];
  for (let step = 0; step < 3; step++) {
    opt.zero_grad();
    const [out] = gru.forward(x);
    const loss = torch.nn.functional.mse_loss(head.forward(out), y);
    loss.backward();
    torch.nn.utils.clip_grad_norm_(params, 0.5);
    opt.step();
    snapshots.push({ loss: await values([loss]), params: await values(params), state: await optimizerState(opt) });
  }
  return snapshots;
}

describe('training on a device equals training on the CPU', () => {
  for (const which of ['Adam', 'SGD'] as const) {
    it(`GRU(2 layers, dropout) + Linear + mse_loss, ${which}, clip_grad_norm_`, async () => {
      const onCpu = await train('cpu', which);
      const onDevice = await train('webgpu', which);
      expect(onDevice).toEqual(onCpu);
    });
  }
});
