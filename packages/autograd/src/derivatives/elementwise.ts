import { type Tensor, where } from '@wick/tensor';
import { type Derivative, derivative } from './types.js';
import { zerosOf } from './helpers.js';

// Elementwise ops (ops/elementwise.ts). Formulas follow PyTorch's derivatives.yaml and the kernels
// of its *_backward functions, operation for operation, so float32 results round the same way.

const unary = (node: string, saves: readonly string[], self: (c: import('./types.js').Ctx<object>) => Tensor): Derivative =>
  derivative({ node, args: ['self'], saves, grads: { self } });

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Piecewise-constant ops: the gradient is zero everywhere it exists (PyTorch: zeros_like(grad)). */
const flat = (node: string) => unary(node, [], (c) => zerosOf(c.inputs[0]!));

export const unaryDerivatives: Record<string, Derivative> = {
  neg: unary('NegBackward0', [], (c) => c.grad.neg()),
  abs: unary('AbsBackward0', ['self'], (c) => c.grad.mul(c.self.sign())),
  sign: flat('SignBackward0'),
  exp: unary('ExpBackward0', ['result'], (c) => c.grad.mul(c.result)),
  expm1: unary('Expm1Backward0', ['result'], (c) => c.grad.mul(c.result.add(1))),
  log: unary('LogBackward0', ['self'], (c) => c.grad.div(c.self)),
  log1p: unary('Log1PBackward0', ['self'], (c) => c.grad.div(c.self.add(1))),
  log2: unary('Log2Backward0', ['self'], (c) => c.grad.div(c.self.mul(LN2))),
  log10: unary('Log10Backward0', ['self'], (c) => c.grad.div(c.self.mul(LN10))),
  sqrt: unary('SqrtBackward0', ['result'], (c) => c.grad.div(c.result.mul(2))),
  rsqrt: unary('RsqrtBackward0', ['result'], (c) => c.grad.mul(-0.5).mul(c.result.pow(3))),
  reciprocal: unary('ReciprocalBackward0', ['result'], (c) => c.grad.neg().mul(c.result.mul(c.result))),
  sin: unary('SinBackward0', ['self'], (c) => c.grad.mul(c.self.cos())),
  cos: unary('CosBackward0', ['self'], (c) => c.grad.mul(c.self.sin().neg())),
  tan: unary('TanBackward0', ['result'], (c) => c.grad.mul(c.result.pow(2).add(1))),
  // tanh_backward and sigmoid_backward kernels: a * (1 - b * b) and a * (1 - b) * b.
  tanh: unary('TanhBackward0', ['result'], (c) => c.grad.mul(c.result.mul(c.result).neg().add(1))),
  sigmoid: unary('SigmoidBackward0', ['result'], (c) => c.grad.mul(c.result.neg().add(1)).mul(c.result)),
  erf: unary('ErfBackward0', ['self'], (c) => c.self.pow(2).neg().exp().mul(TWO_OVER_SQRT_PI).mul(c.grad)),
  // NOTE: threshold_backward(grad, result, 0): zero where result <= 0 (also at 0 itself).
  relu: unary('ReluBackward0', ['result'], (c) => where(c.result.le(0), 0, c.grad)),
  floor: flat('FloorBackward0'),
  ceil: flat('CeilBackward0'),
  trunc: flat('TruncBackward0'),
  round: flat('RoundBackward0'),
  // PyTorch decomposes square into pow(self, 2): pow_backward's grad * (2 * self^1).
  square: unary('PowBackward0', ['self'], (c) => c.grad.mul(c.self.mul(2))),
};

const isScalar = (t: Tensor | undefined) => t !== undefined && t.wrappedNumber;
/** Node names that PyTorch gives the Scalar overload (Backward0) and the Tensor one (Backward1). */
const byOther = (name: string) => (_a: object, inputs: readonly Tensor[]) => `${name}Backward${isScalar(inputs[1]) ? 0 : 1}`;

interface BinaryRow {
  node: string | ((attrs: object, inputs: readonly Tensor[]) => string);
  saves?: Derivative['saves'];
  self: (c: import('./types.js').Ctx<object>) => Tensor;
  other: (c: import('./types.js').Ctx<object>) => Tensor;
}
const binary = (r: BinaryRow): Derivative =>
  derivative({ node: r.node, args: ['self', 'other'], saves: r.saves ?? [], grads: { self: r.self, other: r.other } });

/** maximum/minimum: the gradient goes to the selected input, split evenly on ties. */
function extremumBackward(c: import('./types.js').Ctx<object>, loses: (a: Tensor, b: Tensor) => Tensor): Tensor {
  return where(c.self.eq(c.other), c.grad.div(2), c.grad).masked_fill(loses(c.self, c.other), 0);
}

export const binaryDerivatives: Record<string, Derivative> = {
  add: binary({ node: 'AddBackward0', self: (c) => c.grad, other: (c) => c.grad }),
  sub: binary({ node: 'SubBackward0', self: (c) => c.grad, other: (c) => c.grad.neg() }),
  mul: binary({ node: 'MulBackward0', saves: { other: ['self'], self: ['other'] }, self: (c) => c.grad.mul(c.other), other: (c) => c.grad.mul(c.self) }),
  div: binary({
    node: 'DivBackward0',
    saves: { other: ['self', 'other'], self: ['other'] },
    self: (c) => c.grad.div(c.other),
    other: (c) => c.grad.neg().mul(c.self.div(c.other).div(c.other)),
  }),
  div_trunc: binary({ node: 'DivBackward2', self: (c) => zerosOf(c.inputs[0]!), other: (c) => zerosOf(c.inputs[1]!) }),
  div_floor: binary({ node: 'DivBackward2', self: (c) => zerosOf(c.inputs[0]!), other: (c) => zerosOf(c.inputs[1]!) }),
  remainder: binary({
    node: byOther('Remainder'),
    saves: ['self', 'other'],
    self: (c) => c.grad,
    other: (c) => c.grad.neg().mul(c.self.div(c.other, { rounding_mode: 'floor' })),
  }),
  fmod: binary({
    node: byOther('Fmod'),
    saves: ['self', 'other'],
    self: (c) => c.grad,
    other: (c) => c.grad.neg().mul(c.self.div(c.other, { rounding_mode: 'trunc' })),
  }),
  pow: binary({
    node: (_a, [self, exponent]) => (isScalar(exponent) ? 'PowBackward0' : isScalar(self) ? 'PowBackward2' : 'PowBackward1'),
    saves: ['self', 'other', 'result'],
    // pow_backward_self: zero where the exponent is 0, else grad * (exponent * self^(exponent - 1)).
    self: (c) => where(c.other.eq(0), 0, c.grad.mul(c.other.mul(c.self.pow(c.other.sub(1))))),
    // pow_backward_exponent: grad * result * log(self), zero where self == 0 and exponent >= 0.
    other: (c) => c.grad.mul(where(c.self.eq(0).logical_and(c.other.ge(0)), 0, c.result.mul(c.self.log()))),
  }),
  atan2: binary({
    node: 'Atan2Backward0',
    saves: ['self', 'other'],
    self: (c) => c.grad.mul(c.other).mul(c.self.mul(c.self).add(c.other.mul(c.other)).reciprocal()),
    other: (c) => c.grad.mul(c.self.neg()).mul(c.self.mul(c.self).add(c.other.mul(c.other)).reciprocal()),
  }),
  maximum: binary({
    node: 'MaximumBackward0',
    saves: ['self', 'other'],
    self: (c) => extremumBackward(c, (a, b) => a.lt(b)),
    other: (c) => extremumBackward(c, (a, b) => a.gt(b)),
  }),
  minimum: binary({
    node: 'MinimumBackward0',
    saves: ['self', 'other'],
    self: (c) => extremumBackward(c, (a, b) => a.gt(b)),
    other: (c) => extremumBackward(c, (a, b) => a.lt(b)),
  }),
};

interface ClampAttrs {
  min: number | bigint | null;
  max: number | bigint | null;
}

/** where, masked_fill, clamp. */
export const selectionDerivatives: Record<string, Derivative> = {
  where: derivative({
    node: 'WhereBackward0',
    args: ['condition', 'self', 'other'],
    saves: ['condition'],
    grads: {
      self: (c) => where(c.saved('condition'), c.grad, 0),
      other: (c) => where(c.saved('condition'), 0, c.grad),
    },
  }),
  masked_fill: derivative({
    node: (_a, inputs) => `MaskedFillBackward${inputs[2]!.requires_grad ? 1 : 0}`,
    args: ['self', 'mask', 'value'],
    saves: ['mask'],
    grads: {
      self: (c) => c.grad.masked_fill(c.saved('mask'), 0),
      // Summed down to the 0-dim value by the engine.
      value: (c) => where(c.saved('mask'), c.grad, 0),
    },
  }),
  clamp: derivative<ClampAttrs>({
    node: 'ClampBackward1',
    args: ['self'],
    saves: ['self'],
    grads: {
      self: ({ grad, self, attrs: { min, max } }) => {
        const lo = min === null ? null : self.ge(Number(min));
        const hi = max === null ? null : self.le(Number(max));
        const inside = lo && hi ? lo.logical_and(hi) : (lo ?? hi)!;
        return where(inside, grad, 0);
      },
    },
  }),
};
