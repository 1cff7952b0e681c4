// Shape and view ATen ops, joins, splits and repeat, padding, gather and advanced indexing,
// copies, and aten.sym_size.int (a dynamic dim's size).
import {
  type Tensor, advancedIndex, broadcastShapes, constant_pad_nd, indexPut, cat, chunk, clone, flatten, flip, gather, permute, reshape, select, split_with_sizes, squeeze, stack, t,
  transpose, unbind, unflatten, unsqueeze,
} from '@wick/tensor';
import type { AtenGroup } from './args.js';

/**
 * x.repeat(repeats): each dim d of size s (after leading size-1 dims for extra repeats) becomes
 * r copies one after another: a [r, s] pair of dims, the first expanded, then merged.
 */
function repeat(x: Tensor, repeats: number[]): Tensor {
  const shape = [...new Array<number>(repeats.length - x.ndim).fill(1), ...x.shape];
  const paired = shape.flatMap((s) => [1, s]);
  const expanded = repeats.flatMap((r, i) => [r, shape[i]!]);
  return x.reshape(paired).expand(expanded).reshape(repeats.map((r, i) => r * shape[i]!));
}

export const VIEWS: AtenGroup = {
  'aten.sym_size.int': (a) => a.tensor('self').size(a.int('dim')),
  'aten.view.default': (a) => a.tensor('self').view(a.ints('size')),
  'aten.reshape.default': (a) => reshape(a.tensor('self'), a.ints('shape')),
  'aten.expand.default': (a) => a.tensor('self').expand(a.ints('size'), { implicit: a.bool('implicit', false) }),
  'aten.permute.default': (a) => permute(a.tensor('self'), a.ints('dims')),
  'aten.transpose.int': (a) => transpose(a.tensor('self'), a.int('dim0'), a.int('dim1')),
  'aten.t.default': (a) => t(a.tensor('self')),
  'aten.unsqueeze.default': (a) => unsqueeze(a.tensor('self'), a.int('dim')),
  'aten.squeeze.dim': (a) => squeeze(a.tensor('self'), a.int('dim')),
  'aten.squeeze.dims': (a) => squeeze(a.tensor('self'), a.ints('dim')),
  'aten.flatten.using_ints': (a) => flatten(a.tensor('self'), a.int('start_dim', 0), a.int('end_dim', -1)),
  'aten.unflatten.int': (a) => unflatten(a.tensor('self'), a.int('dim'), a.ints('sizes')),
  'aten.select.int': (a) => select(a.tensor('self'), a.int('dim'), a.int('index')),
  'aten.slice.Tensor': (a) => a.tensor('self').slice(a.int('dim', 0), a.optInt('start'), a.optInt('end'), a.int('step', 1)),
  'aten.flip.default': (a) => flip(a.tensor('self'), a.ints('dims')),

  'aten.cat.default': (a) => cat(a.tensors('tensors'), a.int('dim', 0)),
  'aten.stack.default': (a) => stack(a.tensors('tensors'), a.int('dim', 0)),
  'aten.unbind.int': (a) => unbind(a.tensor('self'), a.int('dim', 0)),
  'aten.split_with_sizes.default': (a) => split_with_sizes(a.tensor('self'), a.ints('split_sizes'), a.int('dim', 0)),
  'aten.chunk.default': (a) => chunk(a.tensor('self'), a.int('chunks'), a.int('dim', 0)),
  'aten.repeat.default': (a) => {
    const self = a.tensor('self');
    const repeats = a.ints('repeats');
    if (repeats.length < self.ndim) throw a.refuse('repeats', `at least ${self.ndim} repeats (one per dim of self)`);
    return repeat(self, repeats);
  },
  'aten.constant_pad_nd.default': (a) => constant_pad_nd(a.tensor('self'), a.ints('pad'), a.scalar('value', 0)),
  'aten.index.Tensor': (a) => advancedIndex(a.tensor('self'), a.optTensors('indices')),
  'aten.index_put.default': (a) =>
    indexPut(a.tensor('self'), a.optTensors('indices'), a.tensor('values'), a.bool('accumulate', false)),
  'aten.broadcast_tensors.default': (a) => {
    const tensors = a.tensors('tensors');
    const shape = tensors.reduce<readonly number[]>((s, t: Tensor) => broadcastShapes(s, t.shape), []);
    return tensors.map((t) => t.expand(shape));
  },

  'aten.gather.default': (a) =>
    gather(a.tensor('self'), a.int('dim'), a.tensor('index'), { sparse_grad: a.bool('sparse_grad', false) }),

  'aten.clone.default': (a) => clone(a.tensor('self'), { memory_format: a.memoryFormat('memory_format') }),
  'aten.contiguous.default': (a) => a.tensor('self').contiguous({ memory_format: a.memoryFormat('memory_format') ?? 'contiguous_format' }),
  'aten._to_copy.default': (a) => {
    a.strided('layout');
    a.unpinned('pin_memory');
    // non_blocking only lets a device copy overlap other work; the copy's values are the same.
    a.bool('non_blocking', false);
    const self = a.tensor('self');
    return self.to({
      device: a.device('device') ?? self.device, dtype: a.dtype('dtype') ?? self.dtype, copy: true,
      memory_format: a.memoryFormat('memory_format'),
    });
  },
};
