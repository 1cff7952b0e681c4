import { type PyArgs, ShapeError, Tensor, defineFunction } from '@wick/tensor';

// F.linear and F.bilinear are PyTorch builtins (torch._C._nn.linear, torch.bilinear): their
// messages are its argument parser's. F.linear is declared beside its kernel in @wick/tensor.
export { linear } from '@wick/tensor';

export interface BilinearOptions {
  input1?: Tensor;
  input2?: Tensor;
  weight?: Tensor;
  bias?: Tensor | null;
}

export const bilinear = defineFunction<
  (...args: PyArgs<[input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null], BilinearOptions>) => Tensor
>('bilinear', 'bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
  (a) => bilinearImpl(a.input1, a.input2, a.weight, a.bias), {
    namespace: 'nn.functional',
    differs: 'not in the record: F.bilinear is torch.bilinear, a builtin found in neither stub the recorder reads; '
      + 'this is its parser signature, bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None)',
  });

/**
 * F.bilinear: y[..., o] = x1[..., :] W[o] x2[..., :] + b[o], computed as one matrix product of x1
 * with W laid out [I, O*J], then a product with x2 summed over J.
 */
export function bilinearImpl(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (input1.ndim !== input2.ndim) {
    throw new ShapeError(`bilinear(): input dimensions do not match: got ${input1.ndim} and ${input2.ndim}`);
  }
  for (let d = 0; d < input1.ndim - 1; d++) {
    if (input1.shape[d] !== input2.shape[d]) {
      throw new ShapeError(`bilinear(): input batch dimensions do not match at dim ${d}: got ${input1.shape[d]} and ${input2.shape[d]}`);
    }
  }
  const [out, in1, in2] = weight.shape as [number, number, number];
  if (input1.shape[input1.ndim - 1] !== in1) {
    throw new ShapeError(`bilinear(): input1 size does not match weight size: got ${input1.shape[input1.ndim - 1]} but expected ${in1}`);
  }
  if (input2.shape[input2.ndim - 1] !== in2) {
    throw new ShapeError(`bilinear(): input2 size does not match weight size: got ${input2.shape[input2.ndim - 1]} but expected ${in2}`);
  }
  const lead = input1.shape.slice(0, -1);
  const x1 = input1.reshape([-1, in1]);
  const x2 = input2.reshape([-1, in2]);
  const w = weight.permute(1, 0, 2).reshape([in1, out * in2]);
  const y = x1.matmul(w).view([-1, out, in2]).mul(x2.unsqueeze(1)).sum(-1);
  const result = bias ? y.add(bias) : y;
  return result.view([...lead, out]);
}
