// Matrix products and convolution: linear (the default graph) and what it decomposes to in
// core ATen (addmm, mm, bmm over permuted weights), matmul, bilinear and its core form _trilinear,
// the convolutions and convolution.
import { functional as F } from '@wick/nn';
import {
  type Tensor, addmm, bmm, conv1d, conv2d, conv_transpose1d, conv_transpose2d, convolution, matmul, mm, mul, sum, unsqueeze,
} from '@wick/tensor';
import type { Args, AtenGroup } from './args.js';

/** conv1d/conv2d's arguments after input and weight but padding, with the schema's defaults for n dims. */
function convOptions(a: Args, n: number) {
  const ones = new Array<number>(n).fill(1);
  return { bias: a.optTensor('bias'), stride: a.ints('stride', ones), dilation: a.ints('dilation', ones), groups: a.int('groups', 1) };
}

/** padding as ints (.default overloads) or as 'valid' / 'same' (.padding overloads). */
const intPadding = (a: Args, n: number) => ({ padding: a.ints('padding', new Array<number>(n).fill(0)) });
const strPadding = (a: Args) => ({ padding: a.choice('padding', ['valid', 'same'], 'valid') });

/**
 * _trilinear: i1, i2 and i3 each get size-1 dims at their expand dims (so all have the output's
 * rank before the sum), are multiplied, and summed over sumdim. unroll_dim only picks how
 * PyTorch's kernel loops.
 */
function trilinear(a: Args): Tensor {
  a.int('unroll_dim', 1);
  const expanded = (t: Tensor, dims: number[]) => [...dims].sort((x, y) => x - y).reduce((x, d) => unsqueeze(x, d), t);
  const product = mul(mul(expanded(a.tensor('i1'), a.ints('expand1')), expanded(a.tensor('i2'), a.ints('expand2'))),
    expanded(a.tensor('i3'), a.ints('expand3')));
  const dims = a.ints('sumdim');
  return dims.length === 0 ? product : sum(product, dims);
}

/** conv_transpose1d/2d's arguments after input and weight (output_padding before groups, as in ATen). */
function convTransposeOptions(a: Args, n: number) {
  return { ...convOptions(a, n), ...intPadding(a, n), output_padding: a.ints('output_padding', new Array<number>(n).fill(0)) };
}

export const LINALG: AtenGroup = {
  'aten.linear.default': (a) => F.linear(a.tensor('input'), a.tensor('weight'), a.optTensor('bias')),
  'aten.addmm.default': (a) =>
    addmm(a.tensor('self'), a.tensor('mat1'), a.tensor('mat2'), { beta: a.scalar('beta', 1), alpha: a.scalar('alpha', 1) }),
  'aten.matmul.default': (a) => matmul(a.tensor('self'), a.tensor('other')),
  'aten.mm.default': (a) => mm(a.tensor('self'), a.tensor('mat2')),
  'aten.bmm.default': (a) => bmm(a.tensor('self'), a.tensor('mat2')),
  'aten.bilinear.default': (a) => F.bilinear(a.tensor('input1'), a.tensor('input2'), a.tensor('weight'), a.optTensor('bias')),
  'aten._trilinear.default': trilinear,
  'aten.conv1d.default': (a) => conv1d(a.tensor('input'), a.tensor('weight'), { ...convOptions(a, 1), ...intPadding(a, 1) }),
  'aten.conv2d.default': (a) => conv2d(a.tensor('input'), a.tensor('weight'), { ...convOptions(a, 2), ...intPadding(a, 2) }),
  'aten.conv1d.padding': (a) => conv1d(a.tensor('input'), a.tensor('weight'), { ...convOptions(a, 1), ...strPadding(a) }),
  'aten.conv2d.padding': (a) => conv2d(a.tensor('input'), a.tensor('weight'), { ...convOptions(a, 2), ...strPadding(a) }),
  'aten.conv_transpose1d.default': (a) => conv_transpose1d(a.tensor('input'), a.tensor('weight'), convTransposeOptions(a, 1)),
  'aten.conv_transpose2d.input': (a) => conv_transpose2d(a.tensor('input'), a.tensor('weight'), convTransposeOptions(a, 2)),
  'aten.convolution.default': (a) =>
    convolution(a.tensor('input'), a.tensor('weight'), a.optTensor('bias'), a.ints('stride'), a.ints('padding'), a.ints('dilation'),
      a.bool('transposed'), a.ints('output_padding'), a.int('groups')),
};
