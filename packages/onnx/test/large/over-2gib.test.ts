// An ONNX model over 2 GiB: two int32 initializers of 1.125 GiB each in one external data file
// (the second starts past the 2 GiB mark), written with Python's onnx, loaded by path eagerly and
// lazily, checked at the start, middle and end and through a graph of Gathers, then deleted.
// Needs the repo's .venv (Python with onnx and numpy), ~2.3 GiB of free disk and a few GiB of
// memory. Run with `pnpm --filter @wick/onnx test:large`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { type Tensor, tensor } from '@wick/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/index.js';

// Elements per initializer: a[i] = i, b[i] = -i (int32).
const N = 2 ** 28 + 2 ** 25;
const python = join(dirname(fixturesDir()), '.venv', 'bin', 'python');
let dir = '';
let model = '';

// NOTE: onnx.save_model cannot write this (a protobuf over 2 GiB): the data file is written
// directly and the initializers point into it (location, offset, length), as ONNX's external
// data format describes.
const writer = `
import sys, os, numpy as np, onnx
from onnx import TensorProto, helper
folder, n = sys.argv[1], int(sys.argv[2])
inits, offset = [], 0
with open(os.path.join(folder, "weights.bin"), "wb") as fh:
    for name, sign in (("a", 1), ("b", -1)):
        data = (np.arange(n, dtype=np.int32) * sign).tobytes()
        fh.write(data)
        t = TensorProto(name=name, data_type=TensorProto.INT32, dims=[n], data_location=TensorProto.EXTERNAL)
        for k, v in (("location", "weights.bin"), ("offset", str(offset)), ("length", str(len(data)))):
            t.external_data.add(key=k, value=v)
        inits.append(t)
        offset += len(data)
nodes = [helper.make_node("Gather", [w, "i"], [w + "_at"], axis=0) for w in ("a", "b")]
graph = helper.make_graph(nodes, "big", [helper.make_tensor_value_info("i", TensorProto.INT64, ["k"])],
                          [helper.make_tensor_value_info(w + "_at", TensorProto.INT32, ["k"]) for w in ("a", "b")], initializer=inits)
onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), os.path.join(folder, "big.onnx"))
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wick-onnx-2gib-'));
  model = join(dir, 'big.onnx');
  if (!existsSync(python)) throw new Error(`${python} is missing: this test has Python's onnx write its files (see tools/fixtures/README.md)`);
  const r = spawnSync(python, ['-c', writer, dir, String(N)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error("Python's onnx could not write the test model");
});
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

const at = (t: Tensor, i: number): number => Number(t.narrow(0, i, 1).item());
const picks = [0, 1, 2 ** 27, N - 2, N - 1];

describe('an ONNX model over 2 GiB (external data)', () => {
  it('is over 2 GiB, with an initializer past the 2 GiB mark', () => {
    expect(statSync(join(dir, 'weights.bin')).size).toBe(2 * 4 * N);
    expect(2 * 4 * N).toBeGreaterThan(2 ** 31);
  });

  for (const lazy of [false, true]) {
    it(`loads ${lazy ? 'lazily (load_external_data=false)' : 'eagerly'}, every value where it belongs`, () => {
      const m = load(model, null, !lazy);
      const state = m.state_dict();
      const [a, b] = [state.get('a')!, state.get('b')!];
      expect([a.dtype, a.shape, b.shape]).toEqual(['int32', [N], [N]]);
      expect(a.storage.materialised).toBe(!lazy);
      for (const i of picks) {
        expect(at(a, i)).toBe(i);
        expect(at(b, i)).toBe(-i | 0);
      }
      const [ga, gb] = m.forward(tensor(picks, { dtype: 'int64' })) as Tensor[];
      expect(ga!.tolist()).toEqual(picks);
      expect(gb!.tolist()).toEqual(picks.map((i) => -i | 0));
    });
  }
});
