// The graphs run on a device: with the host-backed stand-in registered as 'webgpu' (which refuses
// every synchronous read of its values), each fixture model moved there with .to('webgpu') and
// given its inputs there gives the very numbers it gives on the CPU, and nothing on the way reads
// a device tensor's values.
import { type Tensor, to_cpu } from '@wick/tensor';
import { compareTensors, useHostDevice } from '@wick/testing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../src/index.js';
import { ONNX_DIR, exportedModels } from './fixtures.js';

useHostDevice();

const list = (out: Tensor | Tensor[]): Tensor[] => (Array.isArray(out) ? out : [out]);

describe('ONNX graphs on a device', () => {
  for (const m of exportedModels()) {
    it(m.file, async () => {
      const inputs = m.cases[0]!.inputs;
      const onCpu = list(load(join(ONNX_DIR, m.file)).forward(...inputs));
      const model = load(join(ONNX_DIR, m.file)).to('webgpu');
      expect(model.state_dict().get(m.initializers.find(([, t]) => t.is_floating_point())![0])!.device).toBe('webgpu');
      const out = list(model.forward(...inputs.map((t) => t.to('webgpu'))));
      expect(out.map((t) => t.device)).toEqual(onCpu.map(() => 'webgpu'));
      const back = (await to_cpu(out)) as Tensor[];
      back.forEach((t, i) => expect(compareTensors(t, onCpu[i]!).problem ?? 'ok', `output ${i}`).toBe('ok'));
    });
  }

  it('to() takes a device, positionally or by name, and nothing else', () => {
    const model = load(join(ONNX_DIR, 'mlp.ts17.onnx'));
    expect(model.to({ device: 'cpu' })).toBe(model);
    expect(() => (model.to as (...a: unknown[]) => unknown)('tpu')).toThrow(/device/);
    expect(() => (model.to as (...a: unknown[]) => unknown)()).toThrow(/device/);
  });
});
