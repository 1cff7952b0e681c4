import type { StridedView } from '@wick/tensor';
import { bufferOf } from '../context.js';

/**
 * The buffers a dispatch binds for these operands, each GPUBuffer once (WebGPU refuses a buffer
 * bound twice when one binding is writable, and every binding here is read_write), and which
 * binding each operand reads: `slots[k]` names operand k's buffer as b{slots[k]}. The slots go
 * into a pipeline's key, since the shader's text depends on them.
 */
export function bindOnce(operands: readonly StridedView[]): { buffers: GPUBuffer[]; slots: number[] } {
  const buffers: GPUBuffer[] = [];
  const slots = operands.map((v) => {
    const b = bufferOf(v);
    const k = buffers.indexOf(b);
    return k >= 0 ? k : buffers.push(b) - 1;
  });
  return { buffers, slots };
}

export const bindings = (buffers: readonly GPUBuffer[]): GPUBufferBinding[] => buffers.map((buffer) => ({ buffer }));
