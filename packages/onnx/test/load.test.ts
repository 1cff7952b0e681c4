// torch.onnx.load: its signature (both call forms, and wrong calls), every dtype in both storage
// forms, external data, and the model's description of its graph.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor } from '@wick/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { OnnxModel, load } from '../src/index.js';
import { ONNX_DIR, dtypeRecords, exportedModels } from './fixtures.js';

const bytesOf = (t: Tensor): Uint8Array => {
  const data = t.contiguous().storage.data!;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
};
const mlp = join(ONNX_DIR, 'mlp.ts17.onnx');
const scratch = mkdtempSync(join(tmpdir(), 'wick-onnx-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('torch.onnx.load', () => {
  it('takes a path, bytes or an ArrayBuffer, positionally or by name', () => {
    const bytes = readFileSync(mlp);
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    for (const model of [load(mlp), load(bytes), load(arrayBuffer), load({ f: mlp }), load(mlp, null, true), load({ f: bytes, format: 'protobuf' })]) {
      expect(model).toBeInstanceOf(OnnxModel);
      expect([...model.state_dict().keys()]).toEqual(['0.weight', '0.bias', '2.weight', '2.bias', '4.weight', '4.bias', '6.weight', '6.bias']);
    }
  });

  it('refuses wrong calls in Python words, and formats other than protobuf', () => {
    expect(() => (load as (...a: unknown[]) => unknown)()).toThrow(/missing 1 required positional argument: 'f'/);
    expect(() => (load as (...a: unknown[]) => unknown)(42)).toThrow(/f/);
    expect(() => (load as (...a: unknown[]) => unknown)(mlp, { nope: 1 })).toThrow(/nope/);
    expect(() => load(mlp, 'textproto')).toThrow(/format='textproto'/);
  });

  it('describes the graph: inputs, outputs with symbolic dims, opsets, producer, operators', () => {
    const gru = load(join(ONNX_DIR, 'gru.ts17.onnx'));
    expect(gru.inputs).toEqual([{ name: 'x', dtype: 'float32', dims: ['batch', 'seq', 4] }, { name: 'h0', dtype: 'float32', dims: [2, 'batch', 12] }]);
    expect(gru.outputs.map((o) => o.name)).toEqual(['y', 'h_n']);
    expect(gru.opset_import.get('')).toBe(17);
    expect(gru.producer_name).toBe('pytorch');
    expect(gru.operators.get('GRU')).toBe(2);
    expect(gru.ir_version).toBeGreaterThan(0);
  });

  it('reads every wick dtype from raw_data and from its typed field, bit for bit', () => {
    const state = load(join(ONNX_DIR, 'dtypes.onnx')).state_dict();
    const records = dtypeRecords();
    expect(records.length).toBe(38);
    for (const r of records) {
      const t = state.get(r.name)!;
      expect(t.dtype, r.name).toBe(r.dtype);
      expect(t.shape, r.name).toEqual(r.shape);
      expect(bytesOf(t), r.name).toEqual(new Uint8Array(r.bytes));
    }
  });

  it("reads external data from the model's folder, or from external_data_dir for bytes", () => {
    const path = join(ONNX_DIR, 'mlp.external.onnx');
    const want = load(mlp).state_dict();
    const check = (model: OnnxModel) => {
      for (const [k, v] of want) expect(bytesOf(model.state_dict().get(k)!), k).toEqual(bytesOf(v));
    };
    check(load(path));
    check(load(readFileSync(path), { external_data_dir: ONNX_DIR }));
    expect(() => load(readFileSync(path))).toThrow(/external file 'mlp.external.data'.*external_data_dir/);
  });

  it('load_external_data=false reads each external tensor when it is first used', () => {
    const dir = mkdtempSync(join(scratch, 'lazy-'));
    copyFileSync(join(ONNX_DIR, 'mlp.external.onnx'), join(dir, 'm.onnx'));
    copyFileSync(join(ONNX_DIR, 'mlp.external.data'), join(dir, 'mlp.external.data'));
    const lazy = load(join(dir, 'm.onnx'), null, false);
    const w = lazy.state_dict().get('0.weight')!;
    expect(w.storage.materialised).toBe(false);
    const c = exportedModels().find((m) => m.file === 'mlp.external.onnx')!.cases[0]!;
    expect((lazy.forward(...c.inputs) as Tensor).shape).toEqual(c.outputs[0]!.shape);
    expect(w.storage.materialised).toBe(true);
  });

  it('forward takes its inputs positionally (*inputs), and refuses keywords and non-tensors', () => {
    const m = load(mlp);
    const x = exportedModels().find((e) => e.file === 'mlp.ts17.onnx')!.cases[0]!.inputs[0]!;
    expect(m.forward(x)).toBeInstanceOf(Tensor);
    const call = m.forward.bind(m) as (...a: unknown[]) => unknown;
    expect(() => call({ inputs: [x] })).toThrow(/unexpected keyword argument 'inputs'/);
    expect(() => call(x, { bogus: 1 })).toThrow(/bogus/);
    expect(() => call([1, 2])).toThrow(/Tensor/);
    expect(() => m.state_dict(...([1] as unknown as []))).toThrow(/takes 0 positional arguments|state_dict/);
  });
});
