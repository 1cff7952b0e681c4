// Matrix products and convolution: linear (the default graph) and what it decomposes to in
// core ATen (addmm, mm, bmm over permuted weights), matmul, the convolutions and convolution.
import { functional as F } from '@wick/nn';
import { addmm, bmm, conv1d, conv2d, conv_transpose1d, conv_transpose2d, convolution, matmul, mm } from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** conv1d/conv2d's arguments after input and weight, with the schema's defaults for n dims. */
function convOptions(a: Args, n: number) {
  const ones = new Array<number>(n).fill(1);
  return {
    bias: a.optTensor('bias'), stride: a.ints('stride', ones), padding: a.ints('padding', ones.map(() => 0)),
    dilation: a.ints('dilation', ones), groups: a.int('groups', 1),
  };
}

/** conv_transpose1d/2d's arguments after input and weight (output_padding before groups, as in ATen). */
function convTransposeOptions(a: Args, n: number) {
  return { ...convOptions(a, n), output_padding: a.ints('output_padding', new Array<number>(n).fill(0)) };
}

export const LINALG: AtenGroup = {
  'aten.linear.default': (a) => F.linear(a.tensor('input'), a.tensor('weight'), a.optTensor('bias')),
  'aten.addmm.default': (a) =>
    addmm(a.tensor('self'), a.tensor('mat1'), a.tensor('mat2'), { beta: a.scalar('beta', 1), alpha: a.scalar('alpha', 1) }),
  'aten.matmul.default': (a) => matmul(a.tensor('self'), a.tensor('other')),
  'aten.mm.default': (a) => mm(a.tensor('self'), a.tensor('mat2')),
  'aten.bmm.default': (a) => bmm(a.tensor('self'), a.tensor('mat2')),
  'aten.conv1d.default': (a) => conv1d(a.tensor('input'), a.tensor('weight'), convOptions(a, 1)),
  'aten.conv2d.default': (a) => conv2d(a.tensor('input'), a.tensor('weight'), convOptions(a, 2)),
  'aten.conv_transpose1d.default': (a) => conv_transpose1d(a.tensor('input'), a.tensor('weight'), convTransposeOptions(a, 1)),
  'aten.conv_transpose2d.input': (a) => conv_transpose2d(a.tensor('input'), a.tensor('weight'), convTransposeOptions(a, 2)),
  'aten.convolution.default': (a) =>
    convolution(a.tensor('input'), a.tensor('weight'), a.optTensor('bias'), a.ints('stride'), a.ints('padding'), a.ints('dilation'),
      a.bool('transposed'), a.ints('output_padding'), a.int('groups')),
};
