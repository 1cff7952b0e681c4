// Mixing devices in one op is a DeviceError in PyTorch's words, except where PyTorch allows it:
// Python numbers and 0-dim CPU tensors beside device tensors in elementwise ops, CPU index tensors
// for advanced indexing, and copy_ from the CPU. Checked with the host-backed stand-in device.
import { expectWickError, useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

useHostDevice();

const MIXED = (a: string, b: string) => `Expected all tensors to be on the same device, but found at least two devices, ${a} and ${b}!`;
const onDevice = (data: number[], dtype: torch.DType = 'float32') => torch.tensor(data, { dtype, device: 'webgpu' });
const values = async (t: Tensor) => Array.from(await t.read() as ArrayLike<unknown>);

describe('one op, two devices', () => {
  const d = () => onDevice([1, 2]);
  const c = () => torch.tensor([1, 2], { dtype: 'float32' });
  const cases: [string, () => unknown, string, string][] = [
    ['add', () => torch.add(d(), c()), 'webgpu', 'cpu'],
    ['mul (cpu first)', () => c().mul(d()), 'cpu', 'webgpu'],
    ['in-place add_', () => d().add_(c()), 'webgpu', 'cpu'],
    ['where', () => torch.where(torch.tensor([true, false]), d(), d()), 'cpu', 'webgpu'],
    ['where (other on the CPU)', () => torch.where(onDevice([1, 0], 'bool'), d(), c()), 'webgpu', 'cpu'],
    ['matmul', () => torch.matmul(d().view([1, 2]), c().view([2, 1])), 'webgpu', 'cpu'],
    ['linear', () => torch.linear(d().view([1, 2]), torch.ones([3, 2])), 'webgpu', 'cpu'],
    ['cat', () => torch.cat([d(), c()]), 'webgpu', 'cpu'],
    ['stack', () => torch.stack([c(), d()]), 'cpu', 'webgpu'],
    ['index_select', () => d().index_select(0, torch.tensor([0])), 'webgpu', 'cpu'],
    ['gather', () => d().gather(0, torch.tensor([1, 0])), 'webgpu', 'cpu'],
    ['scatter', () => d().scatter(0, torch.tensor([1, 0]), c()), 'webgpu', 'cpu'],
    ['index_put_ (values)', () => d().index_put_([torch.tensor([0, 1])], c()), 'webgpu', 'cpu'],
    ['gru_cell', () => torch.gru_cell(torch.ones([1, 2]), onDevice([0, 0, 0]).view([1, 3]), torch.ones([9, 2]), torch.ones([9, 3])), 'cpu', 'webgpu'],
    ['masked_fill (mask on the CPU)', () => d().masked_fill(torch.tensor([true, false]), 0), 'webgpu', 'cpu'],
  ];
  for (const [name, call, a, b] of cases) {
    it(`${name} is a DeviceError`, () => expectWickError(call, MIXED(a, b), 'RuntimeError', torch.DeviceError));
  }

  it('fails before writing anything in place', async () => {
    const x = d();
    expect(() => x.add_(c())).toThrow(torch.DeviceError);
    expect(x.storage.version).toBe(0);
    expect(await values(x)).toEqual([1, 2]);
  });
});

describe('what PyTorch allows beside device tensors', () => {
  it('Python numbers', async () => {
    expect(await values(onDevice([1, 2]).mul(3).add(0.5))).toEqual([3.5, 6.5]);
    expect(await values(torch.sub(10, onDevice([1, 2])))).toEqual([9, 8]);
    expect(await values(torch.where(onDevice([1, 0], 'bool'), 1.5, onDevice([7, 8])))).toEqual([1.5, 8]);
  });

  it('a 0-dim CPU tensor as a scalar in elementwise ops (result on the device)', async () => {
    const s = torch.tensor(2, { dtype: 'float32' });
    const r = onDevice([1, 2]).mul(s);
    expect(r.device).toBe('webgpu');
    expect(await values(r)).toEqual([2, 4]);
    expect(await values(s.sub(onDevice([1, 2])))).toEqual([1, 0]);
    const x = onDevice([1, 2]);
    x.add_(s);
    expect(await values(x)).toEqual([3, 4]);
    expect(await values(torch.where(onDevice([1, 0], 'bool'), s, onDevice([7, 8])))).toEqual([2, 8]);
    // ... with PyTorch's type promotion: a 0-dim float64 tensor does not widen a float32 one.
    expect(onDevice([1, 2]).mul(torch.tensor(2, { dtype: 'float64' })).dtype).toBe('float32');
  });

  it('fill_ and masked_fill with a 0-dim CPU value', async () => {
    expect(await values(onDevice([1, 2]).fill_(torch.tensor(5)))).toEqual([5, 5]);
    expect(await values(onDevice([1, 2]).masked_fill(onDevice([1, 0], 'bool'), torch.tensor(5)))).toEqual([5, 2]);
    expect(await values(onDevice([1, 2]).clamp(torch.tensor(1.5), torch.tensor(1.75)))).toEqual([1.5, 1.75]);
  });

  it('CPU index tensors for advanced indexing, and a 0-dim CPU value for index_put_', async () => {
    const x = onDevice([10, 20, 30]);
    expect(await values(x.__getitem__(torch.tensor([2, 0])))).toEqual([30, 10]);
    x.index_put_([torch.tensor([1])], torch.tensor(7, { dtype: 'float32' }));
    expect(await values(x)).toEqual([10, 7, 30]);
  });

  it('copy_ from the CPU into a device tensor (broadcast and converted)', async () => {
    const x = torch.zeros([2, 2], { device: 'webgpu' });
    x.copy_(torch.tensor([1, 2], { dtype: 'int64' }));
    expect(await values(x)).toEqual([1, 2, 1, 2]);
  });

  it('copy_ from a device tensor into a CPU tensor is refused, pointing to the asynchronous way', () => {
    const x = torch.zeros([2]);
    expectWickError(() => x.copy_(onDevice([1, 2])),
      "copying a 'webgpu' tensor to 'cpu' synchronously is not possible: reading device memory is asynchronous; "
        + 'use await tensor.to_cpu() (or await torch.to_cpu(value) for a state_dict) or await tensor.read()',
      'RuntimeError', torch.DeviceError);
    expect(x.storage.version).toBe(0);
  });
});

describe('recurrent layers check devices as PyTorch does (RNN.cpp check_attributes)', () => {
  const w = (rows: number, cols: number, device: 'cpu' | 'webgpu' = 'cpu') => torch.ones([rows, cols], { device });
  it('a hidden state on another device', () => {
    expectWickError(() => torch.gru(onDevice([0, 0, 0, 0]).view([2, 1, 2]), torch.zeros([1, 1, 2]), [w(6, 2, 'webgpu'), w(6, 2, 'webgpu')], false, 1, 0, false, false, false),
      'Input and hidden tensors are not at the same device, found input tensor at webgpu and hidden tensor at cpu', 'RuntimeError', torch.DeviceError);
  });
  it('a parameter on another device (LSTM: after its hidden-state count)', () => {
    const x = onDevice([0, 0, 0, 0]).view([2, 1, 2]);
    const h = torch.zeros([1, 1, 2], { device: 'webgpu' });
    expectWickError(() => torch.lstm(x, [h, h], [w(8, 2), w(8, 2)], false, 1, 0, false, false, false),
      'Input and parameter tensors are not at the same device, found input tensor at webgpu and parameter tensor at cpu', 'RuntimeError', torch.DeviceError);
    expect(() => torch.lstm(x, [h], [w(8, 2), w(8, 2)], false, 1, 0, false, false, false)).toThrow('lstm expects two hidden states');
  });
});

describe('an index tensor on a device', () => {
  it('indexing a CPU tensor is refused in PyTorch words', () => {
    const x = torch.arange(4);
    const idx = torch.tensor([1, 2]).to('webgpu');
    expect(() => x.index_put_([idx], torch.tensor(0))).toThrow('indices should be either on cpu or on the same device as the indexed tensor (cpu)');
  });
});

describe('a list index holding a device tensor', () => {
  it('is refused: PyTorch reads its value synchronously', () => {
    const x = torch.arange(4).to('webgpu');
    const i = torch.tensor(1).to('webgpu');
    expect(() => x.__getitem__([[i, 2]])).toThrow('a list index holding a webgpu tensor needs its value on the host: use a number or a CPU tensor');
  });
});
