// Fixtures of fixtures/export-core (tools/fixtures/export_core.py, PyTorch 2.13) and the
// programs they load through the ATen op table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '@wick/testing';
import { type DType, Tensor, tensor } from '@wick/tensor';
import { loadProgram } from '../src/load.js';
import type { ExportedProgram } from '../src/program.js';
import { ATEN_OPS } from '../src/aten/index.js';

export interface TensorRecord {
  dtype: DType;
  shape: number[];
  values: number[];
}
export type ValueRecord = TensorRecord | number;

export interface Case {
  file: string;
  inputs: TensorRecord[];
  /** PyTorch's outputs of each successive call. */
  outputs: ValueRecord[][];
  single: boolean;
  state_dict?: Record<string, TensorRecord>;
}

export const dir = join(fixturesDir(), 'export-core');
export const cases = (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: Record<string, Case> }).cases;

export function bytesOf(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, file)));
}

export function program(file: string): ExportedProgram {
  return loadProgram(bytesOf(file), {}, ATEN_OPS);
}

export function toTensor(r: TensorRecord): Tensor {
  return tensor(r.values, { dtype: r.dtype }).reshape(r.shape);
}
