// torch.quantize_per_tensor and torch.quantize_per_channel: float32 values to the integers of a
// QuantizedTensor, rounded as PyTorch's CPU kernels round them. Checked against torch 2.13 on
// random and half-way values (tools/fixtures/serialize_cases/sparse_quantized.py).

import { allocate, isFloating, scalarName } from './dtype.js';
import { ValueError } from './errors.js';
import { type QDType, QDTYPE_BITS, QDTYPE_RANGE, QDTYPE_REPR, QuantizedTensor } from './quantized.js';
import { fma32 } from './rng/fma.js';
import { contiguousStrides, normalizeDim, numel } from './shape.js';
import { defineFunction } from './signature/declare.js';
import type { PyArgs } from './signature/py-args.js';
import { Storage } from './storage.js';
import { Tensor, hostValues } from './tensor.js';

/** nearbyint: round half to even. */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * One value's integer: zero_point + x / scale, rounded half to even and clamped. NOTE: PyTorch's
 * per-tensor 8-bit kernel computes x * (1/scale) + zero_point as one fused multiply-add in
 * float32 (`fused`); its qint32 and per-channel kernels round the product and the sum apart. NaN
 * becomes the top of the 8-bit ranges and the bottom of qint32's, as PyTorch's conversions give.
 */
function quantizeValue(x: number, inv: number, zp: number, dtype: QDType, fused: boolean): number {
  const [lo, hi] = QDTYPE_RANGE[dtype];
  const v = fused ? fma32(x, inv, Math.fround(zp)) : Math.fround(Math.fround(x * inv) + Math.fround(zp));
  if (Number.isNaN(v)) return dtype === 'qint32' ? lo : hi;
  return Math.min(Math.max(rint(v), lo), hi);
}

/** wick quantizes to the byte dtypes only; quint4x2/quint2x4 tensors come from torch.load. */
function byteDType(dtype: QDType): QDType {
  if (QDTYPE_BITS[dtype] !== undefined) throw new ValueError(`quantizing to torch.${dtype} is not supported by wick (torch.load gives such tensors)`);
  return dtype;
}

function floatValues(input: Tensor): Float32Array {
  if (input.dtype !== 'float32') throw new ValueError(`Quantize only works on Float Tensor, got ${scalarName(input.dtype)}`);
  return hostValues(input) as Float32Array;
}

function checkZeroPoint(zp: number, dtype: QDType, kernel: string): void {
  const [lo, hi] = QDTYPE_RANGE[dtype];
  if (zp > hi) throw new ValueError(`${kernel} zero_point ${zp} is above upper bound.`);
  if (zp < lo) throw new ValueError(`${kernel} zero_point ${zp} is below lower bound.`);
}

function intsOf(dtype: QDType, shape: readonly number[], fill: (out: { [i: number]: number }) => void): Tensor {
  const reprType = QDTYPE_REPR[dtype];
  const data = allocate(reprType, numel(shape)) as Int8Array | Uint8Array | Int32Array;
  fill(data);
  return new Tensor(Storage.cpu(reprType, data), [...shape], contiguousStrides(shape), 0);
}

type PerTensorFn = (...args: PyArgs<[input: Tensor, scale: number, zero_point: number, dtype: QDType], {
  input?: Tensor; scale?: number; zero_point?: number; dtype?: QDType;
}>) => QuantizedTensor;

/** torch.quantize_per_tensor(input, scale, zero_point, dtype): a per_tensor_affine QuantizedTensor. */
export const quantize_per_tensor = defineFunction<PerTensorFn>(
  'quantize_per_tensor', 'quantize_per_tensor(Tensor input, float scale, int zero_point, QScalarType dtype)',
  (a) => {
    const input = a.input as Tensor;
    const dtype = byteDType(a.dtype as QDType);
    const zp = a.zero_point as number;
    const x = floatValues(input);
    checkZeroPoint(zp, dtype, 'quantize_tensor_per_tensor_affine');
    const inv = Math.fround(1 / Math.fround(a.scale as number));
    const fused = dtype !== 'qint32';
    const ints = intsOf(dtype, input.shape, (out) => {
      for (let i = 0; i < x.length; i++) out[i] = quantizeValue(x[i]!, inv, zp, dtype, fused);
    });
    return new QuantizedTensor(ints, dtype, a.scale as number, zp);
  },
  { leftOut: 'the overloads with tensor scale and zero_point, and the one that quantizes a list of tensors' },
);

type PerChannelFn = (...args: PyArgs<[input: Tensor, scales: Tensor, zero_points: Tensor, axis: number, dtype: QDType], {
  input?: Tensor; scales?: Tensor; zero_points?: Tensor; axis?: number; dtype?: QDType;
}>) => QuantizedTensor;

/** torch.quantize_per_channel(input, scales, zero_points, axis, dtype): a per_channel_affine QuantizedTensor. */
export const quantize_per_channel = defineFunction<PerChannelFn>(
  'quantize_per_channel',
  'quantize_per_channel(Tensor input, Tensor scales, Tensor zero_points, int axis, QScalarType dtype)',
  (a) => {
    const input = a.input as Tensor;
    const dtype = byteDType(a.dtype as QDType);
    const x = floatValues(input);
    const axis = normalizeDim(a.axis as number, input.ndim);
    const channels = input.shape[axis]!;
    if (isFloating((a.zero_points as Tensor).dtype)) {
      // NOTE: PyTorch makes a per_channel_affine_float_qparams tensor of them; wick loads such
      // tensors but does not quantize to them (rather than truncate the zero points).
      throw new ValueError('quantize_per_channel with float zero points (per_channel_affine_float_qparams) is not supported by wick');
    }
    const scales = (a.scales as Tensor).to('float64');
    const zeroPoints = (a.zero_points as Tensor).to('int64');
    if (numel(scales.shape) !== channels || numel(zeroPoints.shape) !== channels) {
      throw new ValueError(
        `quantize_per_channel: scales and zero_points must have ${channels} elements (size of dim ${axis}), ` +
          `but got ${numel(scales.shape)} and ${numel(zeroPoints.shape)}`,
      );
    }
    const s = Array.from(hostValues(scales), Number);
    const z = Array.from(hostValues(zeroPoints), Number);
    for (const zp of z) checkZeroPoint(zp, dtype, 'quantize_tensor_per_channel_affine');
    const inv = s.map((v) => Math.fround(1 / Math.fround(v)));
    const inner = numel(input.shape.slice(axis + 1));
    const ints = intsOf(dtype, input.shape, (out) => {
      for (let i = 0; i < x.length; i++) {
        const c = Math.floor(i / inner) % channels;
        out[i] = quantizeValue(x[i]!, inv[c]!, z[c]!, dtype, false);
      }
    });
    return new QuantizedTensor(ints, dtype, scales, zeroPoints, axis);
  },
);
