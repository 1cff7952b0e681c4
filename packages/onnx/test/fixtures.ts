// The fixtures/onnx/ recording (tools/fixtures/onnx_cases): PyTorch's models exported by its own
// torch.onnx.export, their state_dicts, and PyTorch's outputs for each case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@msgpack/msgpack';
import type { Tensor } from '@wick/tensor';
import { decodeValue, fixturesDir } from '@wick/testing';

export interface ExportedModel {
  name: string;
  file: string;
  exporter: string;
  opset: number;
  /** PyTorch's state_dict. */
  params: [string, Tensor][];
  /** The file's initializers as onnx's numpy_helper reads them. */
  initializers: [string, Tensor][];
  /** The state_dict entries the exporter wrote unchanged under their own names. */
  kept: string[];
  cases: { inputs: Tensor[]; outputs: Tensor[] }[];
  /** An absolute float32 bound: 4x PyTorch's own float32-vs-float64 deviation, at least 16 eps. */
  tol: number;
}

export const ONNX_DIR = join(fixturesDir(), 'onnx');

const tensorOf = (encoded: unknown) => decodeValue(encoded).value as Tensor;

export function exportedModels(): ExportedModel[] {
  const doc = decode(readFileSync(join(ONNX_DIR, 'cases.msgpack')), { useBigInt64: true }) as { models: Record<string, unknown>[] };
  return doc.models.map((m) => ({
    ...(m as unknown as ExportedModel),
    params: (m.params as [string, unknown][]).map(([k, v]) => [k, tensorOf(v)]),
    initializers: (m.initializers as [string, unknown][]).map(([k, v]) => [k, tensorOf(v)]),
    cases: (m.cases as { inputs: unknown[]; outputs: unknown[] }[]).map((c) => ({ inputs: c.inputs.map(tensorOf), outputs: c.outputs.map(tensorOf) })),
  }));
}

export interface OperatorCase {
  name: string;
  /** The ModelProto's bytes. */
  model: Uint8Array;
  inputs: Tensor[];
  /** onnxruntime's outputs. */
  outputs: Tensor[];
  /** An absolute float32 bound (operators.py). */
  tol: number;
}

export function operatorCases(): OperatorCase[] {
  const doc = decode(readFileSync(join(ONNX_DIR, 'operators.msgpack')), { useBigInt64: true }) as { cases: Record<string, unknown>[] };
  return doc.cases.map((c) => ({
    ...(c as unknown as OperatorCase),
    inputs: (c.inputs as unknown[]).map(tensorOf),
    outputs: (c.outputs as unknown[]).map(tensorOf),
  }));
}

export interface DtypeRecord {
  name: string;
  dtype: string;
  shape: number[];
  /** PyTorch's values as little-endian bytes. */
  bytes: Uint8Array;
}

export function dtypeRecords(): DtypeRecord[] {
  const doc = decode(readFileSync(join(ONNX_DIR, 'cases.msgpack')), { useBigInt64: true }) as { dtypes: DtypeRecord[] };
  return doc.dtypes;
}
