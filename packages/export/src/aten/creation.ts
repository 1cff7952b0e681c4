// Tensors made from sizes and values: full, zeros, full_like, scalar_tensor, arange. Their dtype,
// layout, device and pin_memory are the TensorOptions of ATen's factory schemas.
import { arange, full, full_like, get_default_dtype, tensor, zeros } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** layout must be strided and pin_memory not set; dtype and device go on to wick. */
function options(a: Args) {
  a.strided('layout');
  a.unpinned('pin_memory');
  const device = a.device('device');
  return { dtype: a.dtype('dtype'), ...(device === null ? {} : { device }) };
}

export const CREATION: AtenGroup = {
  'aten.full.default': (a) => full(a.ints('size'), a.scalar('fill_value'), options(a)),
  'aten.zeros.default': (a) => zeros(a.ints('size'), options(a)),
  'aten.full_like.default': (a) =>
    full_like(a.tensor('self'), a.scalar('fill_value'), { ...options(a), memory_format: a.memoryFormat('memory_format') }),
  // arange without dtype: int64 when every bound is an integer number, as wick's torch.arange
  // decides (a float bound that happens to be integral, arange(0.0, 4.0), reads as an int here).
  'aten.arange.default': (a) => arange(a.number('end'), options(a)),
  'aten.arange.start': (a) => arange(a.number('start'), a.number('end'), options(a)),
  'aten.arange.start_step': (a) =>
    arange(a.number('start'), a.number('end'), a.number('step', 1), options(a)),
  // scalar_tensor's dtype defaults to the default dtype whatever the scalar is (unlike torch.tensor).
  'aten.scalar_tensor.default': (a) => {
    const { dtype, ...rest } = options(a);
    return tensor(a.scalar('s'), { dtype: dtype ?? get_default_dtype(), ...rest });
  },
};
