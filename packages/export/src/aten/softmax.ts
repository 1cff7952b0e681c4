// softmax and log_softmax: the public .int overloads (with their dtype) and the core-ATen
// _softmax/_log_softmax (whose half_to_float is a CUDA half-precision path).
import { log_softmax, softmax } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** half_to_float=True asks for a float32 result from float16 input, which only CUDA kernels give. */
function noHalfToFloat(a: Args): void {
  if (a.bool('half_to_float')) throw a.refuse('half_to_float', 'False (a CUDA-only path)');
}

export const SOFTMAX: AtenGroup = {
  'aten.softmax.int': (a) => softmax(a.tensor('self'), a.int('dim'), { dtype: a.dtype('dtype') }),
  'aten.log_softmax.int': (a) => log_softmax(a.tensor('self'), a.int('dim'), { dtype: a.dtype('dtype') }),
  'aten._softmax.default': (a) => {
    noHalfToFloat(a);
    return softmax(a.tensor('self'), a.int('dim'));
  },
  'aten._log_softmax.default': (a) => {
    noHalfToFloat(a);
    return log_softmax(a.tensor('self'), a.int('dim'));
  },
};
