// wick → wick round trips and the behaviour the corpus cannot show: views staying views after
// save/load, paths in Node, the lazy safetensors reader, and save-side refusals.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage, Tensor } from '@wick/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { Complex, SafetensorsError, isParameter, load, markParameter, safetensors, save } from '../src/index.js';
import { TreeEncoder } from './encode.js';

const tmp = mkdtempSync(join(tmpdir(), 'wick-serialize-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function f32(values: number[], shape = [values.length]): Tensor {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  return new Tensor(Storage.cpu('float32', Float32Array.from(values)), shape, strides, 0);
}

describe('torch.save then torch.load', () => {
  it('keeps values, views, shared storages, parameters and Python values', () => {
    const base = f32([0, 1, 2, 3, 4, 5], [2, 3]);
    const t = base.t();
    const row = base.select(0, 1);
    const p = markParameter(f32([1, 2]));
    p.requires_grad = true;
    const i64 = new Tensor(Storage.cpu('int64', BigInt64Array.from([2n ** 62n + 1n, -1n])), [2], [1], 0);
    const obj = new Map<unknown, unknown>([
      ['base', base], ['t', t], ['row', row], ['again', base], ['p', p], ['i64', i64],
      [7, [1.5, 'x', null, true, 2n ** 70n, new Uint8Array([0, 255]), new Complex(1, -2), new Set([1, 2])]],
      ['plain', { a: 1, b: [] }],
    ]);
    const back = load(save(obj)) as Map<unknown, unknown>;
    const enc = (v: unknown) => new TreeEncoder().value(v);
    const plain = new Map(obj);
    plain.set('plain', new Map<string, unknown>([['a', 1], ['b', []]]));
    expect(enc(back)).toEqual(enc(plain));
    expect((back.get('t') as Tensor).storage).toBe((back.get('base') as Tensor).storage);
    expect(back.get('again')).toBe(back.get('base'));
    expect(isParameter(back.get('p') as Tensor)).toBe(true);
  });

  it('reads and writes paths in Node, naming the archive folder after the file', () => {
    const path = join(tmp, 'my.model.pt');
    save({ w: f32([1, 2]) }, path);
    expect(new TextDecoder().decode(readFileSync(path).subarray(30, 30 + 'my.model/data.pkl'.length))).toBe('my.model/data.pkl');
    expect(((load(path) as Map<string, Tensor>).get('w')!).tolist()).toEqual([1, 2]);
  });

  it('aligns every record to 64 bytes', () => {
    const bytes = save({ a: f32([1]), b: f32([2, 3]) });
    const view = new DataView(bytes.buffer);
    for (let at = 0; view.getUint32(at, true) === 0x04034b50; ) {
      const data = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      expect(data % 64).toBe(0);
      at = bytes.indexOf(0x50, data);
      while (at >= 0 && view.getUint32(at, true) !== 0x08074b50) at = bytes.indexOf(0x50, at + 1);
      at += 16;
    }
  });
});

describe('safetensors', () => {
  it('round-trips tensors and metadata, lazily from a file', () => {
    const a = f32([1, 2, 3, 4], [2, 2]);
    const b = new Tensor(Storage.cpu('int8', Int8Array.from([-1])), [], [], 0);
    const path = join(tmp, 'x.safetensors');
    safetensors.save({ a, b }, { k: 'v' }, { path });
    const f = safetensors.safe_open(path);
    expect(f.keys()).toEqual(['a', 'b']);
    expect(f.metadata()).toEqual({ k: 'v' });
    expect(f.get_tensor('b').tolist()).toEqual(-1);
    const all = safetensors.load(readFileSync(path));
    expect(all.get('a')!.tolist()).toEqual([[1, 2], [3, 4]]);
  });

  it('refuses non-contiguous and overlapping tensors', () => {
    const a = f32([1, 2, 3, 4], [2, 2]);
    expect(() => safetensors.save({ t: a.t() })).toThrow(SafetensorsError);
    expect(() => safetensors.save({ a, b: a.select(0, 1) })).toThrow(/share memory/);
  });
});
