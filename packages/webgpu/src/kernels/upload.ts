import type { StridedView } from '@wick/tensor';
import { bufferOf, type Context } from '../context.js';
import { wordsOf } from '../wgsl/dtypes.js';
import { buffersDecl, denseIn, entryCode, groupsFor, offsetsCode, paramsDecl, stridedParams } from '../wgsl/strided.js';

/** Elements an upload carries in its dispatch parameters (at most 512 words). */
export const SMALL_UPLOAD_WORDS = 512;

/**
 * Writes a few elements (already in the GPU's word layout) into a view by a dispatch that carries
 * them in its parameters. Unlike queue.writeBuffer, which the queue runs before any work still
 * being encoded, this keeps its place in the batch: moving a Python number or a small tensor to the
 * device costs no submit.
 */
export function uploadSmall(ctx: Context, view: StridedView, words: Uint32Array): void {
  const n = view.shape.reduce((a, b) => a * b, 1);
  const w = wordsOf(view.dtype);
  const dense = denseIn(view, view.shape);
  const pipeline = ctx.pipeline(`upload|${w}|${dense ? 'd' : 's'}`, () => {
    const base = '(2u + rank + (rank + 1u))';
    const body =
      w === 1
        ? `b0[o0] = P[${base} + i];`
        : `b0[2u * o0] = P[${base} + 2u * i]; b0[2u * o0 + 1u] = P[${base} + 2u * i + 1u];`;
    return `${buffersDecl(1)}
${paramsDecl(1)}
${entryCode('P[0]')}
  ${offsetsCode(1, dense)}
  ${body}
}`;
  });
  const params = [...stridedParams(view.shape, [view], n), ...words];
  ctx.queue.dispatch(pipeline, [{ buffer: bufferOf(view) }], params, groupsFor(n));
}
