import type { StridedView } from '@wick/tensor';
import { bufferOf, type Context } from '../context.js';
import { type Kind, convert, kindOf, load, store } from '../wgsl/dtypes.js';
import { buffersDecl, denseIn, entryCode, groupsFor, offsetsCode, paramsDecl, stridedParams } from '../wgsl/strided.js';

/** Reads scalar parameter k (of a kind) in a kernel's source. */
export type ScalarRef = (k: number, kind: Kind) => string;

export interface ElementwiseSpec {
  /** Names the formula: part of the pipeline key, so one name is one formula. */
  name: string;
  inputs: readonly StridedView[];
  out: StridedView;
  /** Kinds the formula takes its inputs as (default: each input's own kind). */
  inputKinds?: readonly Kind[];
  /** The kind the formula's value has (default: out's kind). */
  resultKind?: Kind;
  /** Scalar parameters, as 32-bit words (scalarWords). */
  scalars?: readonly number[];
  /** The result from the loaded inputs (WGSL expressions) and scalar parameters. */
  formula(x: readonly string[], s: ScalarRef): string;
}

/** A number into an integer as x86 converts floats (PyTorch's CPU values): NaN and out of range give the minimum. */
const floatToInt32 = (x: number): number => (Math.abs(Math.trunc(x)) < 2 ** 31 || Math.trunc(x) === -(2 ** 31) ? Math.trunc(x) : -(2 ** 31));
const floatToInt64 = (x: number): bigint => (Number.isFinite(x) && Math.abs(x) < 2 ** 63 ? BigInt(Math.trunc(x)) : -(2n ** 63n));

/** A scalar as the words a kernel reads it from: one word, or two (low, high) for i64. */
export function scalarWords(value: number | bigint | boolean, kind: Kind): number[] {
  switch (kind) {
    case 'f32':
      return [new Uint32Array(new Float32Array([Number(value)]).buffer)[0]!];
    case 'i32':
      return [Number(BigInt.asUintN(32, typeof value === 'bigint' ? value : BigInt(floatToInt32(Number(value)))))];
    case 'bool':
      return [value === true || (value !== false && Number(value) !== 0) ? 1 : 0];
    case 'i64': {
      const v = BigInt.asUintN(64, typeof value === 'bigint' ? value : floatToInt64(Number(value)));
      return [Number(v & 0xffffffffn), Number(v >> 32n)];
    }
  }
}

/**
 * Runs an elementwise kernel: out[i] = formula(inputs[i]...) over out's shape, inputs broadcast to
 * it, every operand strided. Operands that share a buffer are bound once (WebGPU forbids binding a
 * written buffer twice), so in-place forms work.
 */
export function runElementwise(ctx: Context, spec: ElementwiseSpec): void {
  const { out, inputs } = spec;
  const shape = out.shape;
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0) return;
  const operands = [out, ...inputs];
  const buffers: GPUBuffer[] = [];
  const binding = operands.map((v) => {
    const b = bufferOf(v);
    let k = buffers.indexOf(b);
    if (k < 0) k = buffers.push(b) - 1;
    return k;
  });
  const dense = operands.every((v) => denseIn(v, shape));
  const dtypes = operands.map((v) => v.dtype);
  const kinds = spec.inputKinds ?? inputs.map((v) => kindOf(v.dtype));
  const result = spec.resultKind ?? kindOf(out.dtype);
  const key = `ew|${spec.name}|${dtypes.join(',')}|${kinds.join(',')}|${result}|${dense ? 'd' : 's'}|${binding.join(',')}`;
  const pipeline = ctx.pipeline(key, () => {
    const count = operands.length;
    const loaded = inputs.map((v, k) => convert(load(v.dtype, `b${binding[k + 1]}`, `o${k + 1}`), kindOf(v.dtype), kinds[k]!));
    const scalarBase = `(2u + rank + ${count}u * (rank + 1u))`;
    const s: ScalarRef = (k, kind) =>
      kind === 'f32'
        ? `bitcast<f32>(P[${scalarBase} + ${k}u])`
        : kind === 'i32'
          ? `bitcast<i32>(P[${scalarBase} + ${k}u])`
          : kind === 'bool'
            ? `(P[${scalarBase} + ${k}u] != 0u)`
            : `vec2<u32>(P[${scalarBase} + ${k}u], P[${scalarBase} + ${k + 1}u])`;
    const value = convert(`(${spec.formula(loaded, s)})`, result, kindOf(out.dtype));
    return `${buffersDecl(buffers.length)}
${paramsDecl(buffers.length)}
${entryCode('P[0]')}
  ${offsetsCode(count, dense)}
  ${store(out.dtype, `b${binding[0]}`, 'o0', value)}
}`;
  });
  const params = [...stridedParams(shape, operands, n), ...(spec.scalars ?? [])];
  ctx.queue.dispatch(pipeline, buffers.map((buffer) => ({ buffer })), params, groupsFor(n));
}
