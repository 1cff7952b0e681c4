import { type Scalar, constant_pad_nd } from '@wick/tensor';
import { zerosOf } from './helpers.js';
import { type Derivative, derivative } from './types.js';

// Joining and reordering (ops/join.ts).

export const joinDerivatives: Record<string, Derivative> = {
  cat: derivative<{ dim: number }>({
    node: 'CatBackward0',
    args: [],
    grads: {},
    each: ({ grad, inputs, attrs: { dim } }, i) => {
      // NOTE: a 1-d input of size 0 took no part (PyTorch's legacy rule); its gradient is empty.
      const skipped = (s: readonly number[]) => s.length === 1 && s[0] === 0;
      if (skipped(inputs[i]!.shape)) return zerosOf(inputs[i]!);
      let start = 0;
      for (let k = 0; k < i; k++) if (!skipped(inputs[k]!.shape)) start += inputs[k]!.shape[dim]!;
      return grad.narrow(dim, start, inputs[i]!.shape[dim]!);
    },
  }),
  flip: derivative<{ dims: number[] }>({
    node: 'FlipBackward0',
    args: ['self'],
    grads: { self: ({ grad, attrs }) => grad.flip(attrs.dims) },
  }),
  roll: derivative<{ shifts: number[]; dims: number[] }>({
    node: 'RollBackward0',
    args: ['self'],
    grads: {
      self: ({ grad, attrs: { shifts, dims } }) => grad.roll(shifts.map((s) => -s), dims.length ? dims : undefined),
    },
  }),
  constant_pad_nd: derivative<{ pad: number[]; value: Scalar }>({
    node: 'ConstantPadNdBackward0',
    args: ['self'],
    grads: { self: ({ grad, attrs }) => constant_pad_nd(grad, attrs.pad.map((p) => -p)) },
  }),
};
