// Quantized tensors as PyTorch saves them: the stored integers (a strided int8/uint8/int32 view)
// with a per-tensor (scale, zero_point) or per-channel (scales, zero_points, axis) affine
// quantizer (per_channel_affine_float_qparams when the zero points are floats, as quantized
// Embedding weights have them), and PyTorch's accessors. dequantize() gives PyTorch's float32 numbers bit for bit.

import { type DType, float32, isFloating } from './dtype.js';
import { formatShown, pyFloatRepr, shapeTuple } from './format.js';
import { ValueError } from './errors.js';
import { NO_MATCH, defineArgType } from './signature/arg-types.js';
import { declare, defineFunction } from './signature/declare.js';
import type { PyArgs } from './signature/py-args.js';
import { Storage } from './storage.js';
import { Tensor, hostValues } from './tensor.js';
import { contiguousStrides, numel, perDimension } from './shape.js';

export type QDType = 'qint8' | 'quint8' | 'qint32' | 'quint4x2' | 'quint2x4';
export const qint8 = 'qint8';
export const quint8 = 'quint8';
export const qint32 = 'qint32';
/** Sub-byte dtypes: two 4-bit (quint4x2) or four 2-bit (quint2x4) values a byte, the first in the low bits. */
export const quint4x2 = 'quint4x2';
export const quint2x4 = 'quint2x4';
/** The bits of each packed value of the sub-byte dtypes. */
export const QDTYPE_BITS: Readonly<Partial<Record<QDType, number>>> = { quint4x2: 4, quint2x4: 2 };
/** torch.qscheme values, each its PyTorch name: the affine ones a quantized tensor PyTorch saves can have. */
export type QScheme = 'per_tensor_affine' | 'per_channel_affine' | 'per_channel_affine_float_qparams';
export const per_tensor_affine = 'per_tensor_affine';
export const per_channel_affine = 'per_channel_affine';
export const per_channel_affine_float_qparams = 'per_channel_affine_float_qparams';

/** The integer dtype that holds each quantized dtype's values (what int_repr() returns). */
export const QDTYPE_REPR: Readonly<Record<QDType, DType>> = { qint8: 'int8', quint8: 'uint8', qint32: 'int32', quint4x2: 'uint8', quint2x4: 'uint8' };

/** The range of each quantized dtype's integers (zero points must lie inside it to dequantize). */
export const QDTYPE_RANGE: Readonly<Record<QDType, [number, number]>> = {
  qint8: [-128, 127], quint8: [0, 255], qint32: [-(2 ** 31), 2 ** 31 - 1], quint4x2: [0, 15], quint2x4: [0, 3],
};

export const isQDType = (v: unknown): v is QDType => v === qint8 || v === quint8 || v === qint32 || v === quint4x2 || v === quint2x4;

/** The bytes PyTorch reads for `count` values of a sub-byte dtype: ceil(count * bits / 8). */
export const packedBytes = (count: number, bits: number): number => Math.ceil((count * bits) / 8);

/** PyTorch's C++ names of the sub-byte dtypes, as its kernel errors print them. */
const SUB_BYTE_NAME: Readonly<Partial<Record<QDType, string>>> = { quint4x2: 'QUInt4x2', quint2x4: 'QUInt2x4' };

const QTYPE = defineArgType('QScalarType', { label: 'torch.dtype', coerce: (v) => (isQDType(v) ? v : NO_MATCH) });

const initSig = declare(
  'QuantizedTensor.__init__',
  `QuantizedTensor.__init__(Tensor int_repr, ${QTYPE} dtype, Tensor|float scale, Tensor|int zero_point, int? axis=None, *, ` +
    'int[]? size=None, int[]? stride=None)',
  {
    style: 'python',
    differs:
      "wick's class for PyTorch's quantized tensors (in PyTorch a torch.Tensor with a quantized dtype): the stored integers " +
      '(a view, kept as is) with a float scale and int zero_point (per_tensor_affine) or float64 scales, int64 zero_points ' +
      'and an axis (per_channel_affine), or float scales and float zero points, kept as float32 as PyTorch keeps them ' +
      '(per_channel_affine_float_qparams); torch.load makes them. For quint4x2/quint2x4, int_repr is the packed bytes ' +
      "(1-D uint8 over the storage from the tensor's offset, as PyTorch's int_repr() gives them) and size/stride give " +
      'the shape and strides in values',
  },
);

const PER_TENSOR = 'Expected quantizer->qscheme() == kPerTensorAffine to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)';
const PER_CHANNEL = 'Expected quantizer->qscheme() == kPerChannelAffine || quantizer->qscheme() == kPerChannelAffineFloatQParams to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)';

interface PerChannel {
  scales: Tensor;
  zero_points: Tensor;
  axis: number;
  /** Float zero points: per_channel_affine_float_qparams. */
  floatQParams: boolean;
}

interface QuantizedInit {
  int_repr?: Tensor;
  dtype?: QDType;
  scale?: number | Tensor;
  zero_point?: number | Tensor;
  axis?: number | null;
  size?: number[] | null;
  stride?: number[] | null;
}

/** A quantized tensor on the CPU, outside autograd. */
export class QuantizedTensor {
  readonly dtype: QDType;
  readonly device = 'cpu' as const;
  readonly requires_grad = false;
  /** The stored integers, as saved (storage, offset and strides kept). */
  readonly #repr: Tensor;
  /** Shape and strides in values: #repr's, except for the packed sub-byte dtypes. */
  readonly #shape: readonly number[];
  readonly #strides: readonly number[];
  readonly #scale: number;
  readonly #zeroPoint: number;
  readonly #channel: PerChannel | null;

  constructor(...args: PyArgs<[int_repr: Tensor, dtype: QDType, scale: number | Tensor, zero_point: number | Tensor, axis?: number | null], QuantizedInit>) {
    const a = initSig.bind(args);
    const repr = a.int_repr as Tensor;
    const dtype = a.dtype as QDType;
    if (repr.dtype !== QDTYPE_REPR[dtype]) {
      throw new ValueError(`the integers of a torch.${dtype} tensor are ${QDTYPE_REPR[dtype]}, but got ${repr.dtype}`);
    }
    this.dtype = dtype;
    this.#repr = repr;
    const bits = QDTYPE_BITS[dtype];
    if (bits === undefined) {
      if (a.size !== null || a.stride !== null) throw new ValueError(`size and stride are for the packed quint4x2/quint2x4 only, not torch.${dtype}`);
      this.#shape = repr.shape;
      this.#strides = repr.strides;
    } else {
      const size = a.size as number[] | null;
      if (size === null) throw new ValueError(`a torch.${dtype} tensor takes its size (int_repr is its packed bytes)`);
      const need = packedBytes(numel(size), bits);
      if (repr.ndim !== 1 || repr.shape[0] !== need || repr.strides[0] !== 1) {
        throw new ValueError(`the packed bytes of a torch.${dtype} tensor of size (${size.join(', ')}) are ${need} contiguous uint8, but got shape (${repr.shape.join(', ')})`);
      }
      const stride = (a.stride as number[] | null) ?? contiguousStrides(size);
      if (stride.length !== size.length) throw new ValueError(`stride has ${stride.length} dims, but size has ${size.length}`);
      this.#shape = [...size];
      this.#strides = [...stride];
    }
    const { scale, zero_point: zp, axis } = a;
    if (scale instanceof Tensor || zp instanceof Tensor) {
      if (!(scale instanceof Tensor && zp instanceof Tensor) || axis === null) {
        throw new ValueError('a per_channel_affine quantizer takes a scales tensor, a zero_points tensor and an axis');
      }
      this.#channel = { ...checkChannels(this.#shape, scale, zp, axis as number), axis: axis as number };
      if (bits !== undefined && !this.#channel.floatQParams) {
        throw new ValueError(`per_channel_affine torch.${dtype} tensors (int zero points) are not supported by wick (PyTorch cannot quantize to them)`);
      }
      this.#scale = NaN;
      this.#zeroPoint = NaN;
    } else {
      if (axis !== null) throw new ValueError('a per_tensor_affine quantizer has no axis');
      this.#scale = scale as number;
      this.#zeroPoint = zp as number;
      this.#channel = null;
    }
  }

  get shape(): readonly number[] {
    return this.#shape;
  }

  get ndim(): number {
    return this.#shape.length;
  }

  get is_quantized(): boolean {
    return true;
  }

  get is_sparse(): boolean {
    return false;
  }

  get layout(): 'strided' {
    return 'strided';
  }

  /** The storage, offset and strides of the stored integers (what torch.save writes). */
  get storage(): Storage {
    return this.#repr.storage;
  }

  get offset(): number {
    return this.#repr.offset;
  }

  get strides(): readonly number[] {
    return this.#strides;
  }

  size(...args: PyArgs<[dim?: number | null], { dim?: number | null }>): number | number[] {
    const { dim } = sig.size.bind(args, this);
    return perDimension(this.shape, dim);
  }

  dim(...args: PyArgs<[], object>): number {
    sig.dim.bind(args, this);
    return this.ndim;
  }

  stride(...args: PyArgs<[dim?: number | null], { dim?: number | null }>): number | number[] {
    const { dim } = sig.stride.bind(args, this);
    return perDimension(this.strides, dim);
  }

  storage_offset(...args: PyArgs<[], object>): number {
    sig.storage_offset.bind(args, this);
    return this.offset;
  }

  qscheme(...args: PyArgs<[], object>): QScheme {
    sig.qscheme.bind(args, this);
    if (this.#channel === null) return per_tensor_affine;
    return this.#channel.floatQParams ? per_channel_affine_float_qparams : per_channel_affine;
  }

  /**
   * The stored integers as a new contiguous uint8 (quint8, quint4x2, quint2x4), int8 (qint8) or int32 (qint32) tensor.
   * NOTE: for quint4x2/quint2x4 PyTorch gives the packed bytes, 1-D, read from the offset whatever
   * the strides.
   */
  int_repr(...args: PyArgs<[], object>): Tensor {
    sig.int_repr.bind(args, this);
    if (QDTYPE_BITS[this.dtype] !== undefined) return this.#repr.clone();
    return this.#repr.contiguous() === this.#repr ? this.#repr.clone() : this.#repr.contiguous();
  }

  q_scale(...args: PyArgs<[], object>): number {
    sig.q_scale.bind(args, this);
    if (this.#channel !== null) throw new ValueError(PER_TENSOR);
    return this.#scale;
  }

  q_zero_point(...args: PyArgs<[], object>): number {
    sig.q_zero_point.bind(args, this);
    if (this.#channel !== null) throw new ValueError(PER_TENSOR);
    return this.#zeroPoint;
  }

  q_per_channel_scales(...args: PyArgs<[], object>): Tensor {
    sig.q_per_channel_scales.bind(args, this);
    return this.#perChannel().scales;
  }

  q_per_channel_zero_points(...args: PyArgs<[], object>): Tensor {
    sig.q_per_channel_zero_points.bind(args, this);
    return this.#perChannel().zero_points;
  }

  q_per_channel_axis(...args: PyArgs<[], object>): number {
    sig.q_per_channel_axis.bind(args, this);
    return this.#perChannel().axis;
  }

  /** The float32 values, computed as PyTorch's CPU kernels compute them. */
  dequantize(...args: PyArgs<[], object>): Tensor {
    sig.dequantize.bind(args, this);
    return this.#dequantized();
  }

  #perChannel(): PerChannel {
    if (this.#channel === null) throw new ValueError(PER_CHANNEL);
    return this.#channel;
  }

  /** (int - zero_point) * scale, in PyTorch's precision for each scheme and dtype. */
  #dequantized(): Tensor {
    const ints = this.#values();
    const out = new Float32Array(ints.length);
    const [lo, hi] = QDTYPE_RANGE[this.dtype];
    const checkZeroPoint = (zp: number, kernel: string): void => {
      if (zp > hi) throw new ValueError(`dequantize_tensor_${kernel}_affine zero_point ${zp} is above upper bound.`);
      if (zp < lo) throw new ValueError(`dequantize_tensor_${kernel}_affine zero_point ${zp} is below lower bound.`);
    };
    if (this.#channel === null) {
      // NOTE: the sub-byte kernel checks no zero point range.
      if (QDTYPE_BITS[this.dtype] === undefined) checkZeroPoint(this.#zeroPoint, 'per_tensor');
      const scale = Math.fround(this.#scale);
      if (this.dtype === qint32) {
        // NOTE: PyTorch subtracts in int32 (wrapping) and multiplies in float32.
        const zp = this.#zeroPoint | 0;
        for (let i = 0; i < ints.length; i++) out[i] = Math.fround((ints[i]! - zp) | 0) * scale;
      } else {
        const zp = Math.fround(this.#zeroPoint);
        for (let i = 0; i < ints.length; i++) out[i] = Math.fround(ints[i]! - zp) * scale;
      }
    } else {
      // NOTE: the per-channel kernel subtracts in float32, then multiplies by the double scale
      // and rounds once to float32.
      const { scales, zero_points, axis, floatQParams } = this.#channel;
      const s = Array.from(hostValues(scales), Number);
      const z = Array.from(hostValues(zero_points), Number);
      const inner = numel(this.shape.slice(axis + 1));
      const channels = this.shape[axis]!;
      if (floatQParams) {
        // NOTE: the float-qparams kernel checks no zero point range and computes
        // (float(int) - zero_point) * scale all in float32 (scales and zero points are float32).
        for (let i = 0; i < ints.length; i++) {
          const c = Math.floor(i / inner) % channels;
          out[i] = Math.fround(Math.fround(Math.fround(ints[i]!) - z[c]!) * s[c]!);
        }
      } else {
        for (const zp of z) checkZeroPoint(zp, 'per_channel');
        for (let i = 0; i < ints.length; i++) {
          const c = Math.floor(i / inner) % channels;
          out[i] = Math.fround(Math.fround(ints[i]!) - Math.fround(z[c]!)) * s[c]!;
        }
      }
    }
    const shape = [...this.shape];
    return new Tensor(Storage.cpu(float32, out), shape, contiguousStrides(shape), 0);
  }

  /** The stored integers in value order (the packed ones unpacked, the first in the low bits). */
  #values(): ArrayLike<number> {
    const bits = QDTYPE_BITS[this.dtype];
    if (bits === undefined) return hostValues(this.#repr) as Int8Array | Uint8Array | Int32Array;
    // NOTE: PyTorch unpacks only contiguous sub-byte tensors; making others contiguous has no kernel.
    const contiguous = contiguousStrides(this.#shape).every((s, d) => this.#shape[d] === 1 || s === this.#strides[d]);
    if (!contiguous) throw new ValueError(`"copy_kernel" not implemented for '${SUB_BYTE_NAME[this.dtype]!}'`);
    const bytes = hostValues(this.#repr) as Uint8Array;
    const perByte = 8 / bits;
    const mask = (1 << bits) - 1;
    const out = new Uint8Array(numel(this.#shape));
    for (let i = 0; i < out.length; i++) out[i] = (bytes[Math.floor(i / perByte)]! >> ((i % perByte) * bits)) & mask;
    return out;
  }

  /** PyTorch's repr: the dequantized values, then size, dtype and the quantizer. */
  toString(): string {
    const suffixes = [`size=${shapeTuple(this.shape)}`, `dtype=torch.${this.dtype}`, `quantization_scheme=torch.${this.qscheme()}`];
    if (this.#channel === null) suffixes.push(`scale=${pyFloatRepr(this.#scale)}`, `zero_point=${this.#zeroPoint}`);
    else {
      const { scales, zero_points, axis } = this.#channel;
      suffixes.push(`scale=${scales.toString()}`, `zero_point=${zero_points.toString()}`, `axis=${axis}`);
    }
    return formatShown(this.#dequantized(), suffixes);
  }

}

/** _rebuild_qtensor's checks of per-channel parameters, in PyTorch's words. */
function checkChannels(
  shape: readonly number[], scales: Tensor, zeroPoints: Tensor, axis: number,
): { scales: Tensor; zero_points: Tensor; floatQParams: boolean } {
  if (!(axis >= 0 && axis < shape.length)) {
    throw new ValueError(`_rebuild_qtensor: per_channel axis ${axis} out of range for size (${shape.join(', ')}${shape.length === 1 ? ',' : ''})`);
  }
  const expected = shape[axis]!;
  const ns = numel(scales.shape);
  const nz = numel(zeroPoints.shape);
  if (ns !== expected || nz !== expected) {
    throw new ValueError(
      `_rebuild_qtensor: per_channel scales/zero_points length must equal size[axis]=${expected}, got scales=${ns}, zero_points=${nz}`,
    );
  }
  if (scales.dtype !== 'float64' && scales.dtype !== 'float32') throw new ValueError(`per-channel scales must be float, but got ${scales.dtype}`);
  // Float zero points make PyTorch's quantizer per_channel_affine_float_qparams, which keeps
  // both parameters as float32.
  if (isFloating(zeroPoints.dtype)) return { scales: scales.to(float32), zero_points: zeroPoints.to(float32), floatQParams: true };
  if (zeroPoints.dtype !== 'int64' && zeroPoints.dtype !== 'int32') {
    throw new ValueError(`per-channel zero_points must be int64 or float, but got ${zeroPoints.dtype}`);
  }
  return { scales, zero_points: zeroPoints, floatQParams: false };
}

const SELF = defineArgType('QuantizedTensor', { label: 'Tensor', coerce: (v) => (v instanceof QuantizedTensor ? v : NO_MATCH) });
const method = (name: string, params = '', differs?: string, path = `Tensor.${name}`): ReturnType<typeof declare> =>
  declare(path, `${name}(${SELF} self${params})`, { self: true, ...(differs === undefined ? {} : { differs }) });
const SAME = (name: string): string => `Tensor.${name} of wick's quantized tensor class (Tensor.${name} is declared for dense tensors)`;

const sig = {
  qscheme: method('qscheme'),
  int_repr: method('int_repr'),
  q_scale: method('q_scale'),
  q_zero_point: method('q_zero_point'),
  q_per_channel_scales: method('q_per_channel_scales'),
  q_per_channel_zero_points: method('q_per_channel_zero_points'),
  q_per_channel_axis: method('q_per_channel_axis'),
  dequantize: method('dequantize'),
  size: method('size', ', int? dim=None', SAME('size'), 'QuantizedTensor.size'),
  dim: method('dim', '', SAME('dim'), 'QuantizedTensor.dim'),
  stride: method('stride', ', int? dim=None', SAME('stride'), 'QuantizedTensor.stride'),
  storage_offset: method('storage_offset', '', SAME('storage_offset'), 'QuantizedTensor.storage_offset'),
};

const QORT = defineArgType('QuantizedOrTensor', {
  label: 'Tensor',
  coerce: (v) => (v instanceof QuantizedTensor || v instanceof Tensor ? v : NO_MATCH),
});

/** torch.dequantize(input) and QuantizedTensor.dequantize(): float32 values (a float tensor is returned as is). */
export const dequantize = defineFunction<(...args: PyArgs<[input: QuantizedTensor | Tensor], { input?: QuantizedTensor | Tensor }>) => Tensor>(
  'dequantize', `dequantize(${QORT} input)`,
  (a) => (a.input instanceof QuantizedTensor ? a.input.dequantize() : (a.input as Tensor)),
  { leftOut: 'torch.dequantize(tensors) of a list: dequantize each tensor instead' },
);
