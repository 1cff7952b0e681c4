import { backendFor, readDevice } from '../device.js';
import { type DType, type TypedArray, get_default_dtype, isFloating, scalarName } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { Generator, checkSeedRange, default_generator, stateBytes } from '../random.js';
import { pyTypeName } from '../signature/arg-types.js';
import * as dist from '../rng/distributions.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, isContiguous, numel } from '../shape.js';
import type { Bound } from '../signature/bind.js';
import { declare, defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';
import { Storage, type Device } from '../storage.js';
import { hostValues, realItem, Tensor } from '../tensor.js';
import type { Int, SizeArgs, TensorOptions } from './creation.js';
import { defineTensorMethod } from './define.js';
import { finish } from './factory.js';
import { allocateLike, castTo, empty, emptyLike, sameDevice } from './helpers.js';
import { cppDouble } from './scalars.js';
import { defineOp, getOp } from './table.js';

// Random numbers with PyTorch's CPU generator: the same draws, in the same order, through the same
// transforms, so that after the same seed every function here gives PyTorch's bits (see
// rng/distributions.ts for the recipes and README "Random numbers" for what depends on the machine).

export interface GeneratorOption {
  generator?: Generator | null;
}
export interface RandomOptions extends TensorOptions, GeneratorOption {}

const genOf = (a: Bound): Generator => a.generator ?? default_generator;

export interface UniformOptions extends GeneratorOption {
  from?: number;
  to?: number;
}
export interface NormalMethodOptions extends GeneratorOption {
  mean?: number;
  std?: number;
}
export interface RandomMethodOptions extends GeneratorOption {
  from?: Int;
  to?: Int | null;
}
export interface BernoulliMethodOptions extends GeneratorOption {
  p?: number | Tensor;
}
export interface ExponentialOptions extends GeneratorOption {
  lambd?: number;
}

// --- writing values in memory order --------------------------------------------------------------

/** self's dims ordered outermost-first by stride, so that its logical order is its memory order. */
function memoryOrderView(self: Tensor): Tensor {
  const dims = [...self.shape.keys()].sort((a, b) => self.strides[b]! - self.strides[a]!);
  return Tensor.view(self, dims.map((d) => self.shape[d]!), dims.map((d) => self.strides[d]!), self.offset);
}

/**
 * Writes values (draw order, of dtype srcDType) into self in memory order, as PyTorch's serial
 * kernels do: a transposed tensor gets its draws along its storage, not its logical order.
 */
function store(self: Tensor, srcDType: DType, values: TypedArray): void {
  const view = memoryOrderView(self);
  const src = new Tensor(Storage.cpu(srcDType, values), view.shape, contiguousStrides(view.shape), 0);
  if (self.device === 'cpu') {
    backendFor('cpu').copy(src, view);
    return;
  }
  const staged = empty(view.shape, self.dtype, 'cpu');
  backendFor('cpu').copy(src, staged);
  backendFor(self.device).write(view, backendFor('cpu').readSync!(staged));
}

const floatValuesDType = (values: dist.FloatValues): DType => (values instanceof Float64Array ? 'float64' : 'float32');

// --- checks and messages -------------------------------------------------------------------------

function notImplemented(kernel: string, dtype: DType): DTypeError {
  return new DTypeError(`"${kernel}" not implemented for '${scalarName(dtype)}'`, 'NotImplementedError');
}

const FLOAT_MAX: Partial<Record<DType, number>> = { float32: 3.4028234663852886e38, float64: Number.MAX_VALUE, float16: 65504, bfloat16: 3.3895313892515355e38 };

function checkUniform(self: Tensor, from: number, to: number): void {
  if (!isFloating(self.dtype)) throw notImplemented('check_uniform_bounds', self.dtype);
  if (!(from <= to)) throw new ValueError(`uniform_ expects to return a [from, to) range, but found from=${cppDouble(from)} > to=${cppDouble(to)}`);
  if (to - from > FLOAT_MAX[self.dtype]!) {
    throw new ValueError(
      `uniform_ expects to-from <= std::numeric_limits<${scalarName(self.dtype)}>::max(), but found to=${cppDouble(to)} and from=${cppDouble(from)} which result in to-from to exceed the limit`,
    );
  }
}

/** PyTorch's normal_impl_ checks: std first; an empty tensor returns before the kernel checks its dtype. */
function checkNormal(self: Tensor, std: number): void {
  if (!(std >= 0)) throw new ValueError(`normal expects std >= 0.0, but found std ${cppDouble(std)}`);
  if (self.numel() > 0 && !isFloating(self.dtype)) throw notImplemented('normal_kernel_cpu', self.dtype);
}

// --- in-place ops (through the op table: they bump the version counter; not differentiable) ------

interface UniformAttrs { from: number; to: number; generator: Generator }
interface NormalAttrs { mean: number; std: number; generator: Generator }
interface RandomAttrs { from: bigint | null; to: bigint | null; generator: Generator }
interface BernoulliAttrs { p: number | null; generator: Generator }
interface ExponentialAttrs { lambd: number; generator: Generator }

const target = (self: Tensor, out: Tensor | undefined): Tensor => out ?? empty(self.shape, self.dtype, self.device);

function fillUniform(t: Tensor, from: number, to: number, gen: Generator): void {
  const values = dist.uniformValues(t.numel(), t.dtype, from, to, gen);
  store(t, floatValuesDType(values), values);
}

/** The chunked path needs a contiguous tensor of at least 16 elements; anything else is scalar. */
function fillNormal(t: Tensor, mean: number, std: number, gen: Generator): void {
  const n = t.numel();
  const chunked = n >= 16 && isContiguous(t.shape, t.strides);
  const values = chunked ? dist.normalChunked(n, t.dtype, mean, std, gen) : dist.normalScalar(n, t.dtype, mean, std, gen);
  store(t, floatValuesDType(values), values);
}

const uniformOp = defineOp<UniformAttrs>('uniform_', ([self], { from, to, generator }, out) => {
  const t = target(self!, out);
  fillUniform(t, from, to, generator);
  return t;
});

const normalOp = defineOp<NormalAttrs>('normal_', ([self], { mean, std, generator }, out) => {
  const t = target(self!, out);
  fillNormal(t, mean, std, generator);
  return t;
});

/** random_ values for resolved bounds: from null = the dtype's full range; to null = all 64 bits. */
function fillRandom(t: Tensor, { from, to, generator }: RandomAttrs): void {
  const n = t.numel();
  let v: dist.IntValues;
  if (from === null) {
    v = dist.randomFull(n, t.dtype, generator);
  } else if (to === null) {
    const data = new BigInt64Array(n);
    for (let i = 0; i < n; i++) data[i] = BigInt.asIntN(64, generator.nextUint64());
    v = { dtype: 'int64', data };
  } else {
    v = dist.randomFromTo(n, from, BigInt.asUintN(64, to - from), generator);
  }
  store(t, v.dtype, v.data);
}

const randomOp = defineOp<RandomAttrs>('random_', ([self], attrs, out) => {
  const t = target(self!, out);
  fillRandom(t, attrs);
  return t;
});

/** bernoulli_ values: a number p, or a tensor p broadcast to t and read in t's memory order. */
function fillBernoulli(t: Tensor, p: Tensor | undefined, pScalar: number | null, generator: Generator): void {
  let values: Uint8Array;
  if (p === undefined) {
    values = dist.bernoulliScalar(t.numel(), pScalar!, generator);
  } else {
    const pb = Tensor.view(p, t.shape, broadcastStrides(p.shape, p.strides, t.shape), p.offset);
    const dims = [...t.shape.keys()].sort((a, b) => t.strides[b]! - t.strides[a]!);
    const pv = Tensor.view(pb, dims.map((d) => t.shape[d]!), dims.map((d) => pb.strides[d]!), pb.offset);
    const pIsDouble = p.dtype === 'float64';
    if (p.device !== 'cpu') {
      bernoulliOnDevice(t, pv, pIsDouble, generator);
      return;
    }
    const read = hostValues(pv);
    const probs = pIsDouble ? (read as Float64Array) : Float32Array.from(read as ArrayLike<number>);
    values = dist.bernoulliTensor(probs, pIsDouble, generator);
  }
  store(t, 'uint8', values);
}

/**
 * bernoulli_(p) for a device p, without reading it: each draw depends on its p only through the
 * final comparison, so the CPU generator's uniforms (drawn as dist.bernoulliTensor draws them, in
 * t's memory order) go to the device and are compared with p there, in the same precision.
 */
function bernoulliOnDevice(t: Tensor, pv: Tensor, pIsDouble: boolean, generator: Generator): void {
  const view = memoryOrderView(t);
  const n = t.numel();
  const draws = pIsDouble ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) draws[i] = pIsDouble ? generator.uniformFloat64() : generator.uniformFloat32();
  const u = empty(view.shape, pIsDouble ? 'float64' : 'float32', t.device);
  backendFor(t.device).write(u, draws);
  const below = getOp('lt')!.run([u, castTo(pv, u.dtype)], {}) as Tensor;
  backendFor(t.device).copy(below, view);
}

const bernoulliOp = defineOp<BernoulliAttrs>('bernoulli_', ([self, p], { p: pScalar, generator }, out) => {
  const t = target(self!, out);
  fillBernoulli(t, p, pScalar, generator);
  return t;
});

const exponentialOp = defineOp<ExponentialAttrs>('exponential_', ([self], { lambd, generator }, out) => {
  const t = target(self!, out);
  const values = dist.exponentialValues(t.numel(), t.dtype, lambd, generator);
  store(t, floatValuesDType(values), values);
  return t;
});

const FROM =
  "PyTorch's stub writes from_ (from is a Python keyword); its parser's name is from, which JS can pass by name ({ from: 2 })";

/** self.uniform_(from, to): uniform on [from, to), one fused multiply-add per value as PyTorch's. */
const uniform_ = defineTensorMethod(
  'uniform_', 'uniform_(Tensor input, float from=0, float to=1, *, Generator? generator=None)',
  (a) => {
    const self = a.input as Tensor;
    checkUniform(self, a.from, a.to);
    return uniformOp.callInplace([self], { from: a.from, to: a.to, generator: genOf(a) });
  },
  { differs: FROM },
);

/** self.normal_(mean, std): the chunked path for contiguous tensors of >= 16 elements, else scalar. */
const normal_ = defineTensorMethod('normal_', 'normal_(Tensor input, float mean=0, float std=1, *, Generator? generator=None)', (a) => {
  const self = a.input as Tensor;
  checkNormal(self, a.std);
  return normalOp.callInplace([self], { mean: a.mean, std: a.std, generator: genOf(a) });
});

type IntBound = number | bigint;

/** The C++ type names PyTorch's random_ range checks print. */
const cppTypeName: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int',
  int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
  complex64: 'c10::complex<float>', complex128: 'c10::complex<double>', uint16: 'short unsigned int', uint32: 'unsigned int',
  uint64: 'long unsigned int', float8_e4m3fn: 'c10::Float8_e4m3fn', float8_e5m2: 'c10::Float8_e5m2',
  float8_e4m3fnuz: 'c10::Float8_e4m3fnuz', float8_e5m2fnuz: 'c10::Float8_e5m2fnuz', float8_e8m0fnu: 'c10::Float8_e8m0fnu',
};
const intLimits: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int8: [-128n, 127n], uint8: [0n, 255n], bool: [0n, 1n], float16: [-65504n, 65504n],
};
/** The largest value random_(from) reaches: 2^digits for floats, the maximum for integers. */
const maxInclusive: Partial<Record<DType, bigint>> = {
  float32: 2n ** 24n, float64: 2n ** 53n, float16: 2n ** 11n, bfloat16: 2n ** 8n, int64: 2n ** 63n - 1n,
  int32: 2n ** 31n - 1n, int16: 2n ** 15n - 1n, int8: 127n, uint8: 255n, bool: 1n,
};

const toBigInt = (v: IntBound): bigint => BigInt(v);

function checkInRange(dtype: DType, value: bigint, what: string): void {
  const limits = intLimits[dtype];
  if (limits && (value < limits[0] || value > limits[1])) throw new ValueError(`${what} is out of bounds for ${cppTypeName[dtype]}`);
}

/**
 * random_'s bounds, checked and resolved: random_() (null, null), random_(to) = [0, to),
 * random_(from, to), random_(from, null) = [from, the dtype's maximum] (all 64 bits from the
 * lowest int64).
 */
function randomBounds(dtype: DType, from: IntBound | null | undefined, to: IntBound | null | undefined): [bigint | null, bigint | null] {
  if (from === undefined || from === null) {
    return to === undefined || to === null ? [null, null] : randomBounds(dtype, 0, to);
  }
  // NOTE: one bound is the upper one (random_(to)); random_(from, null) is [from, max].
  if (to === undefined) return randomBounds(dtype, 0, from);
  const lo = toBigInt(from);
  if (to === null) {
    if (dtype === 'int64' && lo === -(2n ** 63n)) return [lo, null];
    checkInRange(dtype, lo, 'from');
    return [lo, maxInclusive[dtype]! + 1n];
  }
  const hi = toBigInt(to);
  if (lo >= hi) throw new ValueError(`random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
  checkInRange(dtype, lo, 'from');
  checkInRange(dtype, hi - 1n, 'to - 1');
  return [lo, hi];
}

/** self.random_(), random_(to), random_(from, to), random_(from, null): integers as PyTorch draws them. */
const random_ = defineTensorMethod(
  'random_',
  [
    'random_(Tensor input, *, Generator? generator=None)',
    'random_(Tensor input, SymInt from, SymInt? to, *, Generator? generator=None)',
    'random_(Tensor input, SymInt to, *, Generator? generator=None)',
  ],
  (a) => {
    const self = a.input as Tensor;
    const [lo, hi] = 'from' in a ? randomBounds(self.dtype, a.from, a.to) : 'to' in a ? randomBounds(self.dtype, 0, a.to) : [null, null];
    return randomOp.callInplace([self], { from: lo, to: hi, generator: genOf(a) });
  },
  { differs: FROM },
);

function checkBernoulliP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`bernoulli_ expects p to be in [0, 1], but got p=${cppDouble(p)}`);
}

/** self.bernoulli_(p): 1 with probability p (a number, or a tensor broadcast to self), else 0. */
const bernoulli_ = defineTensorMethod(
  'bernoulli_',
  ['bernoulli_(Tensor input, Tensor p, *, Generator? generator=None)', 'bernoulli_(Tensor input, float p=0.5, *, Generator? generator=None)'],
  (a) => bernoulliInto(a.input, a.p, genOf(a)),
);

function bernoulliInto(self: Tensor, p: number | Tensor, generator: Generator): Tensor {
  if (p instanceof Tensor) {
    if (!isFloating(p.dtype)) throw notImplemented('bernoulli_tensor_cpu_p_', p.dtype);
    return bernoulliOp.callInplace([self, p], { p: null, generator });
  }
  checkBernoulliP(p);
  return bernoulliOp.callInplace([self], { p, generator });
}

/** self.exponential_(lambd): (-1 / lambd) * log1p(-u) per element. */
const exponential_ = defineTensorMethod('exponential_', 'exponential_(Tensor input, float lambd=1, *, Generator? generator=None)', (a) => {
  const self = a.input as Tensor;
  const lambd: number = a.lambd;
  if (!isFloating(self.dtype)) {
    throw new DTypeError(`Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified ${scalarName(self.dtype)}`);
  }
  if (!(lambd > 0)) throw new ValueError(`exponential_ expects lambda > 0.0, but found lambda=${cppDouble(lambd)}`);
  return exponentialOp.callInplace([self], { lambd, generator: genOf(a) });
});

/** The random Tensor methods that fill self, as (self, the method's arguments). */
export const fills = { uniform_, normal_, random_, bernoulli_, exponential_ };

// --- factories (new tensors: filled directly, version counter stays 0 as in PyTorch) ------------

const KW = 'ScalarType? dtype=None, DeviceLike? device=None, bool requires_grad=False';
const LIKE_KW = `MemoryFormat? memory_format=None, ${KW}`;

/**
 * PyTorch's parser declares each random factory twice, with a generator (which may be None) and
 * without one: both are kept, so the messages list both as PyTorch's do.
 */
const withAndWithout = (head: string, tail: string) => [`${head}, *, Generator? generator, ${tail})`, `${head}, *, ${tail})`];

function floatDType(dtype: DType | null, kernel: string): DType {
  const d = dtype ?? get_default_dtype();
  if (!isFloating(d)) throw notImplemented(kernel, d);
  return d;
}

function checkSizes(size: readonly number[]): void {
  if (size.some((s) => s < 0)) throw new ValueError(`Trying to create tensor with negative dimension ${size.find((s) => s < 0)}: [${size.join(', ')}]`);
}

const device = (a: Bound): Device => readDevice(a.device) ?? 'cpu';

export interface SizeRandomOptions extends RandomOptions {
  size?: readonly Int[];
}
export type RandFn = (...args: SizeArgs<SizeRandomOptions>) => Tensor;

/** torch.rand(*size, { generator, dtype, device, requires_grad }): uniform on [0, 1). */
export const rand = defineFunction<RandFn>('rand', withAndWithout('rand(int[] size', KW), (a) => {
  checkSizes(a.size);
  const t = empty(a.size, floatDType(a.dtype, 'check_uniform_bounds'), device(a));
  fillUniform(t, 0, 1, genOf(a));
  return finish(t, a);
});

/** torch.randn(*size, { generator, dtype, device, requires_grad }): standard normal. */
export const randn = defineFunction<RandFn>('randn', withAndWithout('randn(int[] size', KW), (a) => {
  checkSizes(a.size);
  const t = empty(a.size, a.dtype ?? get_default_dtype(), device(a));
  checkNormal(t, 1);
  fillNormal(t, 0, 1, genOf(a));
  return finish(t, a);
});

export interface NormalOptions extends RandomOptions {
  mean?: number | Tensor;
  std?: number | Tensor;
  size?: readonly Int[];
}
export interface NormalFn {
  (...args: PyArgs<[mean: Tensor, std?: Tensor | number], NormalOptions>): Tensor;
  (...args: PyArgs<[mean: number, std: Tensor], NormalOptions>): Tensor;
  (...args: PyArgs<[mean: number, std: number, size: readonly Int[]], NormalOptions>): Tensor;
}

/**
 * torch.normal, PyTorch's four overloads:
 * - normal(mean: Tensor, std: Tensor): the broadcast shape, mean's dtype;
 * - normal(mean: Tensor, std = 1): mean's shape and dtype;
 * - normal(mean: number, std: Tensor): std's shape and dtype;
 * - normal(mean: number, std: number, size, { dtype, device, requires_grad }).
 */
export const normal: NormalFn = defineFunction<NormalFn>(
  'normal',
  [
    'normal(Tensor mean, Tensor std, *, Generator? generator=None)',
    'normal(Tensor mean, float std=1, *, Generator? generator=None)',
    'normal(float mean, Tensor std, *, Generator? generator=None)',
    `normal(float mean, float std, int[] size, *, Generator? generator=None, ${KW})`,
  ],
  (a) => {
    if ('size' in a) return normalFloatFloat(a.mean, a.std, a.size, a);
    if (a.mean instanceof Tensor) return a.std instanceof Tensor ? normalTensorTensor(a.mean, a.std, a) : normalTensorFloat(a.mean, a.std, a);
    return normalFloatTensor(a.mean, a.std, a);
  },
);

function normalFloatFloat(mean: number, std: number, size: readonly number[], a: Bound): Tensor {
  checkSizes(size);
  const t = empty(size, a.dtype ?? get_default_dtype(), device(a));
  checkNormal(t, std);
  fillNormal(t, mean, std, genOf(a));
  return finish(t, a);
}

// --- torch.normal with a tensor mean or std (PyTorch's normal.Tensor_Tensor, .Tensor_float, .float_Tensor) --

interface NormalTensorAttrs { generator: Generator }
interface NormalTensorFloatAttrs { std: number; generator: Generator }
interface NormalFloatTensorAttrs { mean: number; generator: Generator }

/** self op= other through the op table's own entry, unrecorded: the result's history is normal's node. */
function inplaceUnrecorded(name: 'mul' | 'add', self: Tensor, other: Tensor): void {
  getOp(name)!.run([self, other], {}, self);
}

/**
 * PyTorch's normal_out_impl: normal_(0, std) fills a fresh contiguous result (so >= 16 elements take
 * the chunked path), then in-place mul_(std) and add_(mean) finish it. NOTE: their type promotion
 * decides the rounding (a float64 std scales a float32 result in double, a 0-dim one in float32), so
 * the formula must not be folded into the draws: a number std goes into normal_, a tensor std into mul_.
 */
function normalInto(t: Tensor, mean: Tensor, std: Tensor | number, generator: Generator): Tensor {
  fillNormal(t, 0, typeof std === 'number' ? std : 1, generator);
  if (std instanceof Tensor) inplaceUnrecorded('mul', t, std);
  inplaceUnrecorded('add', t, mean);
  return t;
}

const normalTensorTensorOp = defineOp<NormalTensorAttrs>('normal_Tensor_Tensor', ([mean, std], { generator }) => {
  const t = empty(broadcastShapes(mean!.shape, std!.shape), mean!.dtype, mean!.device);
  return normalInto(t, mean!, std!, generator);
});

const normalTensorFloatOp = defineOp<NormalTensorFloatAttrs>('normal_Tensor_float', ([mean], { std, generator }) => {
  return normalInto(empty(mean!.shape, mean!.dtype, mean!.device), mean!, std, generator);
});

const normalFloatTensorOp = defineOp<NormalFloatTensorAttrs>('normal_float_Tensor', ([std], { mean, generator }) => {
  const t = empty(std!.shape, std!.dtype, std!.device);
  // PyTorch adds at::full({}, mean, result's dtype): a 0-dim tensor, so mean is rounded to that dtype
  // first. An integer (or bool) result is always empty (the kernel refuses others): its value is moot.
  const meanTensor = empty([], t.dtype, t.device);
  backendFor(t.device).fill(meanTensor, isFloating(t.dtype) ? mean : 0);
  return normalInto(t, meanTensor, std!, generator);
});

/**
 * PyTorch's CHECK_NORMAL_TENSOR_STD: std.min() >= 0, which a NaN fails too. Only CPU values are
 * read: another device's would need a synchronous read-back.
 */
function checkStdTensor(std: Tensor): void {
  if (std.device !== 'cpu' || std.numel() === 0) return;
  const values = hostValues(std);
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! >= 0)) throw new ValueError('normal expects all elements of std >= 0.0');
  }
}

/** The kernel's dtype check, which PyTorch skips for an empty result. */
function checkNormalDType(dtype: DType, n: number): void {
  if (n > 0 && !isFloating(dtype)) throw notImplemented('normal_kernel_cpu', dtype);
}

function normalTensorTensor(mean: Tensor, std: Tensor, opts: Bound): Tensor {
  checkStdTensor(std);
  const shape = broadcastShapes(mean.shape, std.shape);
  sameDevice([mean, std]);
  checkNormalDType(mean.dtype, numel(shape));
  return normalTensorTensorOp.call([mean, std], { generator: genOf(opts) });
}

function normalTensorFloat(mean: Tensor, std: number, opts: Bound): Tensor {
  checkNormal(mean, std);
  return normalTensorFloatOp.call([mean], { std, generator: genOf(opts) });
}

function normalFloatTensor(mean: number, std: Tensor, opts: Bound): Tensor {
  checkStdTensor(std);
  checkNormalDType(std.dtype, std.numel());
  return normalFloatTensorOp.call([std], { mean, generator: genOf(opts) });
}

export interface RandintOptions extends SizeRandomOptions {
  low?: Int;
  high?: Int;
}
export interface RandintFn {
  (...args: PyArgs<[high: Int, size: readonly Int[]], RandintOptions>): Tensor;
  (...args: PyArgs<[low: Int, high: Int, size: readonly Int[]], RandintOptions>): Tensor;
}

const STUB_DUPLICATES =
  "the stub's duplicates of these forms with generator=None: PyTorch's parser declares them with a generator that may be None, and without one";

/** torch.randint(high, size) or randint(low, high, size): int64 unless a dtype is given. */
export const randint: RandintFn = defineFunction<RandintFn>(
  'randint', [...withAndWithout('randint(SymInt high, int[] size', KW), ...withAndWithout('randint(SymInt low, SymInt high, int[] size', KW)],
  (a) => {
    checkSizes(a.size);
    const t = empty(a.size, a.dtype ?? 'int64', device(a));
    const [from, to] = randomBounds(t.dtype, a.low ?? 0, a.high);
    fillRandom(t, { from, to, generator: genOf(a) });
    return finish(t, a);
  },
  { leftOut: STUB_DUPLICATES },
);

export type RandpermFn = (...args: PyArgs<[n: Int], RandomOptions & { n?: Int }>) => Tensor;

/** torch.randperm(n): a random permutation of 0 .. n-1 (int64 unless a dtype is given). */
export const randperm = defineFunction<RandpermFn>('randperm', withAndWithout('randperm(int n', KW), (a) => {
  const n: number = a.n;
  if (n < 0) throw new ValueError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  const t = empty([n], a.dtype ?? 'int64', device(a));
  store(t, 'float64', dist.randpermValues(n, genOf(a)));
  return finish(t, a);
});

/** A new tensor like x (same shape and memory layout, PyTorch's preserve_format) of dtype/device. */
function likeTensor(a: Bound, kernel: string | null): Tensor {
  const x = a.input as Tensor;
  const dtype: DType = a.dtype ?? x.dtype;
  if (kernel !== null && !isFloating(dtype)) throw notImplemented(kernel, dtype);
  const dev = readDevice(a.device) ?? x.device;
  return a.memory_format === 'contiguous_format' ? empty(x.shape, dtype, dev) : allocateLike(x, { dtype, device: dev });
}

export interface LikeRandomOptions extends RandomOptions {
  input?: Tensor;
  memory_format?: 'preserve_format' | 'contiguous_format' | null;
}
export type RandLikeFn = (...args: PyArgs<[input: Tensor], LikeRandomOptions>) => Tensor;

export const rand_like = defineFunction<RandLikeFn>('rand_like', withAndWithout('rand_like(Tensor input', LIKE_KW), (a) => {
  const t = likeTensor(a, 'check_uniform_bounds');
  fillUniform(t, 0, 1, genOf(a));
  return finish(t, a);
});

/** randn_like: a transposed x gives a non-contiguous result, which takes the scalar normal path. */
export const randn_like = defineFunction<RandLikeFn>('randn_like', withAndWithout('randn_like(Tensor input', LIKE_KW), (a) => {
  const t = likeTensor(a, null);
  checkNormal(t, 1);
  fillNormal(t, 0, 1, genOf(a));
  return finish(t, a);
});

export interface RandintLikeOptions extends LikeRandomOptions {
  low?: Int;
  high?: Int;
}
export interface RandintLikeFn {
  (...args: PyArgs<[input: Tensor, high: Int], RandintLikeOptions>): Tensor;
  (...args: PyArgs<[input: Tensor, low: Int, high: Int], RandintLikeOptions>): Tensor;
}

/** randint_like(x, high) or randint_like(x, low, high); high may be a one-element tensor. */
export const randint_like: RandintLikeFn = defineFunction<RandintLikeFn>(
  'randint_like',
  [
    ...withAndWithout('randint_like(Tensor input, SymInt low, SymInt high', LIKE_KW),
    ...withAndWithout('randint_like(Tensor input, Tensor high', LIKE_KW),
    ...withAndWithout('randint_like(Tensor input, SymInt high', LIKE_KW),
  ],
  (a) => {
    const t = likeTensor(a, null);
    const high = a.high instanceof Tensor ? tensorHigh(a.high) : a.high;
    const [from, to] = randomBounds(t.dtype, a.low ?? 0, high);
    fillRandom(t, { from, to, generator: genOf(a) });
    return finish(t, a);
  },
);

/** randint_like's tensor high: one integer element (PyTorch reads it with item()). */
function tensorHigh(high: Tensor): number | bigint {
  if (high.numel() !== 1) throw new ValueError(`high must be a scalar tensor, but got a tensor with ${high.numel()} elements`);
  const v = realItem(high);
  if (typeof v === 'boolean' || (typeof v === 'number' && !Number.isInteger(v))) throw new ValueError('high must be an integer tensor', 'TypeError');
  return v;
}

export type BernoulliFn = (...args: PyArgs<[input: Tensor, p?: number], GeneratorOption & { input?: Tensor; p?: number }>) => Tensor;

/**
 * torch.bernoulli(input): input holds the probabilities; torch.bernoulli(input, p): a number p for
 * every element. The result is a new contiguous tensor of input's dtype.
 */
export const bernoulli = defineFunction<BernoulliFn>(
  'bernoulli', ['bernoulli(Tensor input, *, Generator? generator=None)', 'bernoulli(Tensor input, float p, *, Generator? generator=None)'],
  (a) => {
    const input = a.input as Tensor;
    // NOTE: a contiguous result (LEGACY_CONTIGUOUS_MEMORY_FORMAT), not input's layout.
    const t = empty(input.shape, input.dtype, input.device);
    if ('p' in a) {
      checkBernoulliP(a.p);
      fillBernoulli(t, undefined, a.p, genOf(a));
    } else {
      if (!isFloating(input.dtype)) throw notImplemented('bernoulli_tensor_cpu_p_', input.dtype);
      fillBernoulli(t, input, null, genOf(a));
    }
    return t;
  },
  { method: true },
);

export type DropoutMaskFn = (...args: PyArgs<[input: Tensor, p: number], GeneratorOption & { input?: Tensor; p?: number }>) => Tensor;

/**
 * The scaled keep-mask of F.dropout(x, p, training=True) on the CPU, drawn as PyTorch draws it:
 * noise = empty_like(x).bernoulli_(1 - p), then noise / (1 - p) in x's dtype; F.dropout returns
 * x * noise. PyTorch makes no draws for p = 0 (it returns x itself) or p = 1 (x * 0); this returns
 * ones and zeros for those, also without drawing.
 */
export const dropout_mask = defineFunction<DropoutMaskFn>(
  'dropout_mask', 'dropout_mask(Tensor input, float p, *, Generator? generator=None)',
  (a) => {
    const p: number = a.p;
    if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'ValueError');
    const noise = emptyLike(a.input);
    if (p === 0 || p === 1) return noise.fill_(p === 0 ? 1 : 0);
    bernoulliInto(noise, 1 - p, genOf(a));
    return noise.div_(1 - p);
  },
  { differs: "wick's own, for nn.functional.dropout: the keep-mask PyTorch's dropout draws, scaled by 1 / (1 - p)" },
);

// --- the global generator's state, as PyTorch's torch.get_rng_state/set_rng_state ----------------

const PY = { style: 'python' } as const;

// --- Generator's methods, and the default generator's seed ------------------------------------------

// Generator is a C++ class in PyTorch: its methods take their arguments positionally only. (The
// Generator class looks these up when a method is called; see random.ts.)
declare('Generator.__init__', 'Generator(DeviceLike? device=None)');
declare('Generator.manual_seed', 'manual_seed(Value seed)');
declare('Generator.seed', 'seed()');
declare('Generator.initial_seed', 'initial_seed()');
declare('Generator.get_state', 'get_state()');
declare('Generator.set_state', 'set_state(Value new_state)', {
  differs: "PyTorch's stub names the parameter _new_state (positional only in its C method)",
});

/**
 * A seed as torch.manual_seed takes it: through Python's int(), so a float is truncated and a
 * numeric string is read; NaN, infinities and other text are Python's errors.
 */
function pythonInt(seed: unknown): bigint {
  if (typeof seed === 'bigint') return seed;
  if (typeof seed === 'boolean') return seed ? 1n : 0n;
  if (typeof seed === 'number') {
    if (Number.isNaN(seed)) throw new ValueError('cannot convert float NaN to integer', 'ValueError');
    if (!Number.isFinite(seed)) throw new ValueError('cannot convert float infinity to integer', 'ValueError');
    return BigInt(Math.trunc(seed));
  }
  if (seed instanceof Tensor && seed.numel() === 1) return pythonInt(seed.item());
  if (typeof seed === 'string' && /^\s*[-+]?\d+(_\d+)*\s*$/.test(seed)) return BigInt(seed.trim().replace(/_/g, ''));
  if (typeof seed === 'string') throw new ValueError(`invalid literal for int() with base 10: '${seed}'`, 'ValueError');
  throw new ValueError(`int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(seed)}'`, 'TypeError');
}

const manualSeedSig = declare('torch.manual_seed', 'manual_seed(Value seed)', PY);
const initialSeedSig = declare('torch.initial_seed', 'initial_seed()', PY);
const seedSig = declare('torch.seed', 'seed()', PY);

/** torch.manual_seed(seed): seeds the default generator (the seed goes through int()) and returns it. */
export function manual_seed(...args: PyArgs<[seed: number | bigint | string | Tensor], { seed?: unknown }>): Generator {
  const { seed } = manualSeedSig.bind(args);
  return default_generator.seedWith(checkSeedRange(pythonInt(seed)));
}

/** torch.initial_seed(): the default generator's seed. */
export function initial_seed(...args: []): bigint {
  initialSeedSig.bind(args);
  return default_generator.initial_seed();
}

/** torch.seed(): seeds the default generator nondeterministically and returns the seed. */
export function seed(...args: []): bigint {
  seedSig.bind(args);
  return default_generator.seed();
}

const getRngStateSig = declare('torch.get_rng_state', 'get_rng_state()', PY);
const setRngStateSig = declare('torch.set_rng_state', 'set_rng_state(Value new_state)', PY);

/** The default generator's state: a uint8 tensor in PyTorch's 5056-byte layout (see Generator.get_state). */
export function get_rng_state(...args: []): Tensor {
  getRngStateSig.bind(args);
  return default_generator.get_state();
}

/** Restores the default generator from a get_rng_state() tensor (PyTorch's bytes work too). */
export function set_rng_state(...args: PyArgs<[new_state: Tensor], { new_state?: Tensor }>): void {
  const { new_state } = setRngStateSig.bind(args);
  default_generator.setStateBytes(stateBytes(new_state));
}

// Shared with the other random modules (ops/multinomial.ts, ops/sampling.ts).
export { store as storeInMemoryOrder, cppDouble, notImplemented };
