import { type DType, DTypeError } from '@wick/tensor';

// How each dtype lives in a GPU buffer and in a shader. Every buffer is bound as array<u32>.
// float32 and int32 are native; float16 and bfloat16 are held as float32 words whose values are
// rounded to the narrow format on every store (so arithmetic is float32 rounded once per op, as
// PyTorch's CPU kernels do); bool, int8, int16, uint8 and uint16 take one 32-bit word each (their
// arithmetic wraps as PyTorch's does); int64 takes two words, low then high, with 64-bit integer
// arithmetic written out in WGSL (wgsl/int64.ts).

/** What a shader computes with: f32, i32, bool, or i64 (vec2<u32>: low word, high word). */
export type Kind = 'f32' | 'i32' | 'bool' | 'i64';

const HELD: Partial<Record<DType, Kind>> = {
  float32: 'f32',
  float16: 'f32',
  bfloat16: 'f32',
  int32: 'i32',
  int16: 'i32',
  int8: 'i32',
  uint8: 'i32',
  uint16: 'i32',
  bool: 'bool',
  int64: 'i64',
};

export const heldDTypes = Object.keys(HELD) as DType[];

/** The dtype's shader kind, or a DTypeError for a dtype WebGPU cannot hold. */
export function kindOf(dtype: DType): Kind {
  const kind = HELD[dtype];
  if (kind === undefined) {
    const why =
      dtype === 'float64' || dtype === 'complex128'
        ? 'WGSL has no 64-bit floats'
        : dtype === 'complex64'
          ? 'its kernels have no complex arithmetic'
          : 'its kernels do not implement it';
    throw new DTypeError(`Cannot use a webgpu tensor of dtype ${dtype}: ${why}. Please use float32 instead.`, 'TypeError');
  }
  return kind;
}

/** 32-bit words per element. */
export const wordsOf = (dtype: DType): number => (kindOf(dtype) === 'i64' ? 2 : 1);

/** The WGSL type of a kind's values. */
export const wgslType = (kind: Kind): string => (kind === 'i64' ? 'vec2<u32>' : kind);

/** WGSL that reads element `index` (an element index, u32 or i32 expression) of buffer `buf`. */
export function load(dtype: DType, buf: string, index: string): string {
  switch (kindOf(dtype)) {
    case 'f32':
      return `bitcast<f32>(${buf}[${index}])`;
    case 'i32':
      return `bitcast<i32>(${buf}[${index}])`;
    case 'bool':
      return `(${buf}[${index}] != 0u)`;
    case 'i64':
      return `vec2<u32>(${buf}[2u * u32(${index})], ${buf}[2u * u32(${index}) + 1u])`;
  }
}

/** WGSL statements that store `value` (of the dtype's kind) as element `index` of `buf`. */
export function store(dtype: DType, buf: string, index: string, value: string): string {
  switch (dtype) {
    case 'float32':
      return `${buf}[${index}] = bitcast<u32>(${value});`;
    case 'float16':
      return `${buf}[${index}] = bitcast<u32>(round_f16(${value}));`;
    case 'bfloat16':
      return `${buf}[${index}] = bitcast<u32>(round_bf16(${value}));`;
    case 'int32':
      return `${buf}[${index}] = bitcast<u32>(${value});`;
    case 'int16':
      return `${buf}[${index}] = bitcast<u32>(((${value}) << 16u) >> 16u);`;
    case 'int8':
      return `${buf}[${index}] = bitcast<u32>(((${value}) << 24u) >> 24u);`;
    case 'uint16':
      return `${buf}[${index}] = bitcast<u32>(${value}) & 0xffffu;`;
    case 'uint8':
      return `${buf}[${index}] = bitcast<u32>(${value}) & 0xffu;`;
    case 'bool':
      return `${buf}[${index}] = select(0u, 1u, ${value});`;
    case 'int64':
      return `{ let v64 = ${value}; ${buf}[2u * u32(${index})] = v64.x; ${buf}[2u * u32(${index}) + 1u] = v64.y; }`;
    default:
      kindOf(dtype);
      throw new Error('unreachable');
  }
}

/** WGSL converting `value` of kind `from` to kind `to`, as PyTorch's casts do. */
export function convert(value: string, from: Kind, to: Kind): string {
  if (from === to) return value;
  switch (`${from}>${to}`) {
    case 'f32>i32':
      // x86's conversion, which PyTorch's CPU results show: NaN, inf and out of range give INT_MIN.
      return `f32_to_i32(${value})`;
    case 'f32>bool':
      return `(${value} != 0.0)`; // NaN converts to true, as it is nonzero
    case 'i32>f32':
      return `f32(${value})`;
    case 'i32>bool':
      return `(${value} != 0)`;
    case 'bool>f32':
      return `select(0.0, 1.0, ${value})`;
    case 'bool>i32':
      return `select(0, 1, ${value})`;
    case 'bool>i64':
      return `vec2<u32>(select(0u, 1u, ${value}), 0u)`;
    case 'i32>i64':
      return `i64_from_i32(${value})`;
    case 'f32>i64':
      return `i64_from_f32(${value})`;
    case 'i64>i32':
      return `bitcast<i32>(${value}.x)`;
    case 'i64>f32':
      return `i64_to_f32(${value})`;
    case 'i64>bool':
      return `any(${value} != vec2<u32>(0u))`;
  }
  throw new Error(`no conversion ${from} -> ${to}`);
}
