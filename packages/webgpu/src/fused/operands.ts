// How the fused kernels bind their tensors: float32 operands by role, each buffer bound once
// (WebGPU refuses a buffer bound twice in one dispatch when a binding is written, and every
// binding here is read_write), the roles' element offsets in the parameters. A kernel's source
// names each role; `names` maps the role to the binding that holds its buffer. The activations
// are the library's sigmoid_f32 and tanh_f32 (wgsl/library.ts), as the elementwise ops use.
import type { Tensor } from '@wick/tensor';
import { bufferOf } from '../context.js';
import { buffersDecl, paramsDecl } from '../wgsl/strided.js';

export interface Bound {
  /** The buffers to bind, in binding order. */
  buffers: GPUBufferBinding[];
  /** Per role, the WGSL name of its buffer (`b0`, `b1`, ...). */
  names: string[];
  /** The aliasing pattern, for pipeline keys (roles sharing a buffer share a binding). */
  key: string;
  /** Per role, its element offset (the first parameter words of a dispatch). */
  offsets: number[];
  /** The declarations of the buffers and the parameter array. */
  decls: string;
}

/** Binds the roles' tensors (null: a role the kernel does not use, bound to nothing). */
export function bind(roles: readonly (Tensor | null)[]): Bound {
  const raw: GPUBuffer[] = [];
  const names = roles.map((t) => {
    if (t === null) return '';
    const b = bufferOf(t);
    let k = raw.indexOf(b);
    if (k < 0) k = raw.push(b) - 1;
    return `b${k}`;
  });
  return {
    buffers: raw.map((buffer) => ({ buffer })),
    names,
    key: names.join(','),
    offsets: roles.map((t) => t?.offset ?? 0),
    decls: `${buffersDecl(raw.length)}\n${paramsDecl(raw.length)}`,
  };
}

/** WGSL expression: element `index` of buffer `buf` as f32. */
export const ld = (buf: string, index: string): string => `bitcast<f32>(${buf}[${index}])`;

/** WGSL statement: element `index` of buffer `buf` = f32 `value`. */
export const st = (buf: string, index: string, value: string): string => `${buf}[${index}] = bitcast<u32>(${value});`;

/** Float bits of a JS number, for parameter words. */
export const f32Bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;
