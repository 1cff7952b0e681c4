// Bad and hostile files and calls: each is one OnnxError that says what was expected and what was
// found, thrown before any node runs (a bad file fails in load, whole).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randn, zeros } from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { OnnxError, load } from '../src/index.js';
import { type OnnxTypes, onnx } from '../src/proto.js';
import { ONNX_DIR } from './fixtures.js';

const mlpBytes = readFileSync(join(ONNX_DIR, 'mlp.ts17.onnx'));
const gruBytes = readFileSync(join(ONNX_DIR, 'gru.ts17.onnx'));

/** The MLP's bytes after `edit` changes its decoded ModelProto. */
function edited(bytes: Uint8Array, edit: (m: OnnxTypes.ModelProto) => void): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  edit(model);
  return onnx.ModelProto.encode(model).finish();
}

// Decoded messages are the schema's classes; these give them their class types.
const graph = (m: OnnxTypes.ModelProto) => m.graph as OnnxTypes.GraphProto;
const initializer = (m: OnnxTypes.ModelProto, i: number) => graph(m).initializer[i] as OnnxTypes.TensorProto;
const node = (m: OnnxTypes.ModelProto, i: number) => graph(m).node[i] as OnnxTypes.NodeProto;

const throwsOnnx = (f: () => unknown, message: RegExp) => {
  expect(f).toThrow(OnnxError);
  expect(f).toThrow(message);
};

describe('bad files', () => {
  it('a truncated file', () => {
    for (const cut of [10, 100, mlpBytes.length - 7]) throwsOnnx(() => load(mlpBytes.subarray(0, cut)), /truncated|not an ONNX model/);
  });

  it('bytes that are not a protobuf, or not a model', () => {
    throwsOnnx(() => load(new TextEncoder().encode('hello, this is not a model')), /not an ONNX model/);
    throwsOnnx(() => load(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), /not an ONNX model/);
    throwsOnnx(() => load(new Uint8Array(0)), /empty/);
    throwsOnnx(() => load(onnx.ModelProto.encode({ irVersion: 8 }).finish()), /no graph/);
  });

  it('an element type wick has no dtype for', () => {
    const bad = edited(mlpBytes, (m) => { initializer(m, 0).dataType = onnx.TensorProto.DataType.STRING; });
    throwsOnnx(() => load(bad), /initializer '0.weight' has element type STRING, which wick has no dtype for/);
    const int4 = edited(mlpBytes, (m) => { initializer(m, 1).dataType = 22; });
    throwsOnnx(() => load(int4), /'0.bias' has element type INT4/);
  });

  it('raw data of the wrong length, and typed values of the wrong count', () => {
    const short = edited(mlpBytes, (m) => { initializer(m, 0).rawData = initializer(m, 0).rawData.subarray(4); });
    throwsOnnx(() => load(short), /'0.weight': 96 elements of float32 need 384 bytes, but its data has 380/);
    const typed = edited(mlpBytes, (m) => {
      const t = initializer(m, 1);
      t.rawData = new Uint8Array(0);
      t.floatData = [1, 2, 3];
    });
    throwsOnnx(() => load(typed), /'0.bias': expected 16 values for its 16 elements of float32, found 3/);
  });

  it('a node that reads a missing initializer', () => {
    const bad = edited(mlpBytes, (m) => { graph(m).initializer.splice(2, 1); });
    throwsOnnx(() => load(bad), /node '\/2\/Gemm' \(Gemm\) reads '2.weight', which no initializer, graph input or earlier node defines/);
  });

  it('an initializer defined twice', () => {
    const bad = edited(mlpBytes, (m) => { graph(m).initializer.push(initializer(m, 0)); });
    throwsOnnx(() => load(bad), /'0.weight' is defined twice/);
  });

  it('external data that leaves the folder, is missing, or is too short', () => {
    const external = (entries: Record<string, string>) => edited(mlpBytes, (m) => {
      const t = initializer(m, 0);
      t.rawData = new Uint8Array(0);
      t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
      t.externalData = Object.entries(entries).map(([key, value]) => ({ key, value }));
    });
    const opts = { external_data_dir: ONNX_DIR };
    throwsOnnx(() => load(external({ location: '../secret' }), opts), /leaves the model's folder/);
    throwsOnnx(() => load(external({ location: '/etc/passwd' }), opts), /leaves the model's folder/);
    throwsOnnx(() => load(external({ location: 'no-such-file.bin' }), opts), /cannot open its external data file/);
    throwsOnnx(() => load(external({ location: 'mlp.external.data', offset: '999999' }), opts), /runs past the end/);
    throwsOnnx(() => load(external({ location: 'mlp.external.data', offset: '-4' }), opts), /offset '-4' is not a non-negative integer/);
    throwsOnnx(() => load(external({ location: 'mlp.external.data', length: '8' }), opts), /need 384 bytes, but its data has 8/);
  });
});

describe('graphs wick cannot run: one error before any node runs', () => {
  it('lists every operator with no implementation, with counts and domains', () => {
    const bad = edited(mlpBytes, (m) => {
      node(m, 0).opType = 'FancyOp';
      node(m, 1).opType = 'FancyOp';
      node(m, 2).domain = 'com.example';
      node(m, 3).opType = 'Loop';
    });
    const model = load(bad);
    throwsOnnx(() => model.forward(randn(2, 6)), /operators with no implementation in wick: FancyOp x2, com\.example::Gemm \(domain 'com\.example' is not imported\), Loop/);
  });

  it('an attribute wick does not know, or a value it cannot honour', () => {
    const unknown = edited(mlpBytes, (m) => { node(m, 0).attribute.push(onnx.AttributeProto.create({ name: 'mystery', type: 2, i: 1 })); });
    throwsOnnx(() => load(unknown).forward(randn(2, 6)), /node '\/0\/Gemm' \(Gemm\): attribute\(s\) mystery are not supported/);
    const lbr = edited(gruBytes, (m) => {
      const gru = graph(m).node.find((n) => n.opType === 'GRU') as OnnxTypes.NodeProto;
      gru.attribute.find((a) => a.name === 'linear_before_reset')!.i = 0;
    });
    throwsOnnx(() => load(lbr).forward(randn(2, 5, 4), zeros(2, 2, 12)), /linear_before_reset=0 is not supported by wick \(supported: 1\)/);
  });

  it("a wick op's own error names the node", () => {
    const bad = edited(mlpBytes, (m) => { graph(m).input[0]!.type!.tensorType!.shape!.dim![1] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'f' }); });
    throwsOnnx(() => load(bad).forward(randn(2, 7)), /node '\/0\/Gemm' \(Gemm\): ShapeError/);
  });
});

describe("inputs checked against the graph's declarations", () => {
  const gru = load(gruBytes);
  it('the count', () => {
    throwsOnnx(() => gru.forward(randn(2, 5, 4)), /forward takes 2 input\(s\) \(x, h0\), got 1/);
  });
  it('the dtype', () => {
    throwsOnnx(() => gru.forward(randn(2, 5, 4, { dtype: 'float64' }), zeros(2, 2, 12)), /input 'x' \(declared float32 \[batch, seq, 4\]\): got dtype float64/);
  });
  it('the rank and fixed sizes', () => {
    throwsOnnx(() => gru.forward(randn(5, 4), zeros(2, 2, 12)), /input 'x' .*got rank 2, shape \[5, 4\]/);
    throwsOnnx(() => gru.forward(randn(2, 5, 3), zeros(2, 2, 12)), /input 'x' .*dimension 2 must be 4, got shape \[2, 5, 3\]/);
  });
  it('a symbolic size the same in every input', () => {
    throwsOnnx(() => gru.forward(randn(2, 5, 4), zeros(2, 3, 12)), /input 'h0' .*dimension 1 \('batch'\) is 3, but 'batch' is 2 in input 'x'/);
  });
  it('a tensor, not another value', () => {
    expect(() => (gru.forward as (...a: unknown[]) => unknown)(randn(2, 5, 4), [1])).toThrow(/Tensor/);
  });
});
