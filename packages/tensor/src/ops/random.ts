import { backendFor } from '../device.js';
import { type DType, type TypedArray, get_default_dtype, isFloating, scalarName } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { type Generator, default_generator } from '../random.js';
import * as dist from '../rng/distributions.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, isContiguous, numel } from '../shape.js';
import { Storage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { type SizesAndOptions, type TensorOptions, finish, sizesAndOptions } from './factory.js';
import { allocateLike, empty, emptyLike, sameDevice } from './helpers.js';
import { defineOp, getOp } from './table.js';

// Random numbers with PyTorch's CPU generator: the same draws, in the same order, through the same
// transforms, so that after the same seed every function here gives PyTorch's bits (see
// rng/distributions.ts for the recipes and README "Random numbers" for what depends on the machine).

export interface GeneratorOption {
  generator?: Generator;
}
export interface RandomOptions extends TensorOptions, GeneratorOption {}

const genOf = (opts: GeneratorOption | undefined): Generator => opts?.generator ?? default_generator;

/**
 * Positional arguments with the options object allowed in place of any trailing ones, as Python
 * allows `x.uniform_(generator=g)`: the positional values (undefined where left out) and the options.
 */
function positional<T>(args: readonly (T | GeneratorOption | undefined)[]): [(T | undefined)[], GeneratorOption] {
  const values: (T | undefined)[] = [];
  for (const a of args) {
    if (typeof a === 'object' && a !== null && !(a instanceof Tensor)) return [values, a as GeneratorOption];
    values.push(a as T | undefined);
  }
  return [values, {}];
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

/** A double as C++'s ostream prints it (%g, 6 significant digits), for PyTorch's messages. */
function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exponent] = x.toExponential(5).split('e') as [string, string];
  const e = Number(exponent);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (e < -4 || e >= 6) return `${strip(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return strip(x.toFixed(5 - e));
}

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
    for (let i = 0; i < n; i++) data[i] = BigInt.asIntN(64, generator.random64());
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
    const read = pv.dataSync();
    const probs = pIsDouble ? (read as Float64Array) : Float32Array.from(read as ArrayLike<number>);
    values = dist.bernoulliTensor(probs, pIsDouble, generator);
  }
  store(t, 'uint8', values);
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

/** self.uniform_(from, to): uniform on [from, to), one fused multiply-add per value as PyTorch's. */
export function uniform_(self: Tensor, ...args: (number | GeneratorOption | undefined)[]): Tensor {
  const [[from = 0, to = 1], opts] = positional<number>(args);
  checkUniform(self, from, to);
  return uniformOp.callInplace([self], { from, to, generator: genOf(opts) });
}

/** self.normal_(mean, std): the chunked path for contiguous tensors of >= 16 elements, else scalar. */
export function normal_(self: Tensor, ...args: (number | GeneratorOption | undefined)[]): Tensor {
  const [[mean = 0, std = 1], opts] = positional<number>(args);
  checkNormal(self, std);
  return normalOp.callInplace([self], { mean, std, generator: genOf(opts) });
}

type IntBound = number | bigint;

/** The C++ type names PyTorch's random_ range checks print. */
const cppTypeName: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', bfloat16: 'c10::BFloat16', int64: 'long int',
  int32: 'int', int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};
const intLimits: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n], int32: [-(2n ** 31n), 2n ** 31n - 1n], int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int8: [-128n, 127n], uint8: [0n, 255n], bool: [0n, 1n], float16: [-65504n, 65504n],
};
/** The largest value random_(from) reaches: 2^digits for floats, the maximum for integers. */
const maxInclusive: Record<DType, bigint> = {
  float32: 2n ** 24n, float64: 2n ** 53n, float16: 2n ** 11n, bfloat16: 2n ** 8n, int64: 2n ** 63n - 1n,
  int32: 2n ** 31n - 1n, int16: 2n ** 15n - 1n, int8: 127n, uint8: 255n, bool: 1n,
};

function toBigInt(v: IntBound, what: string): bigint {
  if (typeof v === 'number' && !Number.isInteger(v)) throw new ValueError(`random_(): argument '${what}' must be int, not float`, 'TypeError');
  return BigInt(v);
}

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
  const lo = toBigInt(from, 'from');
  if (to === null) {
    if (dtype === 'int64' && lo === -(2n ** 63n)) return [lo, null];
    checkInRange(dtype, lo, 'from');
    return [lo, maxInclusive[dtype] + 1n];
  }
  const hi = toBigInt(to, 'to');
  if (lo >= hi) throw new ValueError(`random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
  checkInRange(dtype, lo, 'from');
  checkInRange(dtype, hi - 1n, 'to - 1');
  return [lo, hi];
}

/** self.random_(), random_(to), random_(from, to), random_(from, null): integers as PyTorch draws them. */
export function random_(self: Tensor, ...args: (IntBound | null | GeneratorOption | undefined)[]): Tensor {
  const [bounds, opts] = positional<IntBound | null>(args);
  const [lo, hi] = randomBounds(self.dtype, bounds[0], bounds.length > 1 ? bounds[1] : undefined);
  return randomOp.callInplace([self], { from: lo, to: hi, generator: genOf(opts) });
}

function checkBernoulliP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`bernoulli_ expects p to be in [0, 1], but got p=${cppDouble(p)}`);
}

/** self.bernoulli_(p): 1 with probability p (a number, or a tensor broadcast to self), else 0. */
export function bernoulli_(self: Tensor, ...args: (number | Tensor | GeneratorOption | undefined)[]): Tensor {
  const [[p = 0.5], opts] = positional<number | Tensor>(args);
  const generator = genOf(opts);
  if (p instanceof Tensor) {
    if (!isFloating(p.dtype)) throw notImplemented('bernoulli_tensor_cpu_p_', p.dtype);
    return bernoulliOp.callInplace([self, p], { p: null, generator });
  }
  checkBernoulliP(p);
  return bernoulliOp.callInplace([self], { p, generator });
}

/** self.exponential_(lambd): (-1 / lambd) * log1p(-u) per element. */
export function exponential_(self: Tensor, ...args: (number | GeneratorOption | undefined)[]): Tensor {
  const [[lambd = 1], opts] = positional<number>(args);
  if (!isFloating(self.dtype)) {
    throw new DTypeError(`Exponential distribution is a continuous probability distribution. dtype must be a floating point but you specified ${scalarName(self.dtype)}`);
  }
  if (!(lambd > 0)) throw new ValueError(`exponential_ expects lambda > 0.0, but found lambda=${cppDouble(lambd)}`);
  return exponentialOp.callInplace([self], { lambd, generator: genOf(opts) });
}

// --- factories (new tensors: filled directly, version counter stays 0 as in PyTorch) ------------

function floatDType(opts: TensorOptions, kernel: string): DType {
  const dtype = opts.dtype ?? get_default_dtype();
  if (!isFloating(dtype)) throw notImplemented(kernel, dtype);
  return dtype;
}

/** torch.rand(*size, {dtype, device, requires_grad, generator}): uniform on [0, 1). */
export function rand(...args: SizesAndOptions<RandomOptions>): Tensor {
  const [sizes, opts] = sizesAndOptions(args);
  const t = empty(sizes, floatDType(opts, 'check_uniform_bounds'), opts.device);
  fillUniform(t, 0, 1, genOf(opts));
  return finish(t, opts);
}

/** torch.randn(*size, {dtype, device, requires_grad, generator}): standard normal. */
export function randn(...args: SizesAndOptions<RandomOptions>): Tensor {
  const [sizes, opts] = sizesAndOptions(args);
  const t = empty(sizes, opts.dtype ?? get_default_dtype(), opts.device);
  checkNormal(t, 1);
  fillNormal(t, 0, 1, genOf(opts));
  return finish(t, opts);
}

/**
 * torch.normal, PyTorch's four overloads:
 * - normal(mean: Tensor, std: Tensor, {generator}): the broadcast shape, mean's dtype;
 * - normal(mean: Tensor, std = 1, {generator}): mean's shape and dtype;
 * - normal(mean: number, std: Tensor, {generator}): std's shape and dtype;
 * - normal(mean: number, std: number, size, {generator, dtype, device, requires_grad}).
 */
export function normal(mean: Tensor, std?: Tensor | number | GeneratorOption, opts?: GeneratorOption): Tensor;
export function normal(mean: number, std: Tensor, opts?: GeneratorOption): Tensor;
export function normal(mean: number, std: number, size: readonly number[], opts?: RandomOptions): Tensor;
export function normal(
  mean: Tensor | number,
  std?: Tensor | number | GeneratorOption,
  size?: readonly number[] | GeneratorOption,
  opts?: RandomOptions,
): Tensor {
  const [values, options] = normalArguments([mean, std, size, opts]);
  const [m, s, sz] = values;
  if (m instanceof Tensor && s === undefined && sz === undefined) return normalTensorFloat(m, 1, options);
  if (m instanceof Tensor && s instanceof Tensor && sz === undefined) return normalTensorTensor(m, s, options);
  if (m instanceof Tensor && typeof s === 'number' && sz === undefined) return normalTensorFloat(m, s, options);
  if (typeof m === 'number' && s instanceof Tensor && sz === undefined) return normalFloatTensor(m, s, options);
  if (typeof m === 'number' && typeof s === 'number' && Array.isArray(sz)) return normalFloatFloat(m, s, sz, options);
  throw invalidNormalArguments(values);
}

type NormalArgument = Tensor | number | readonly number[] | GeneratorOption | undefined;

/** normal's positional values (trailing undefined dropped) and the options object, which may come early. */
function normalArguments(args: NormalArgument[]): [NormalArgument[], RandomOptions] {
  // NOTE: not positional(): a size array is an object too, and it is positional.
  const isOptions = (a: NormalArgument) =>
    typeof a === 'object' && a !== null && !(a instanceof Tensor) && !Array.isArray(a);
  const cut = args.findIndex(isOptions);
  const values = cut < 0 ? args : args.slice(0, cut);
  while (values.length > 0 && values[values.length - 1] === undefined) values.pop();
  return [values, (cut < 0 ? {} : args[cut]) as RandomOptions];
}

/** PyTorch's Python argument parser's TypeError when no overload of torch.normal fits. */
function invalidNormalArguments(values: NormalArgument[]): ValueError {
  const typeName = (v: NormalArgument) => {
    if (v instanceof Tensor) return 'Tensor';
    if (Array.isArray(v)) return 'list';
    if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
    const python: Record<string, string> = { boolean: 'bool', string: 'str', object: 'NoneType' };
    return python[typeof v] ?? typeof v;
  };
  const tail = 'torch.Generator generator = None, Tensor out = None';
  const factory = 'torch.dtype dtype = None, torch.layout layout = None, torch.device device = None, ' +
    'bool pin_memory = False, bool requires_grad = False';
  const got = values.map(typeName).join(', ');
  return new ValueError(
    `normal() received an invalid combination of arguments - got (${got}), but expected one of:\n` +
      ` * (Tensor mean, Tensor std, *, ${tail})\n` +
      ` * (Tensor mean, float std = 1, *, ${tail})\n` +
      ` * (float mean, Tensor std, *, ${tail})\n` +
      ` * (float mean, float std, tuple of ints size, *, ${tail}, ${factory})\n`,
    'TypeError',
  );
}

function normalFloatFloat(mean: number, std: number, size: readonly number[], opts: RandomOptions): Tensor {
  const [sizes] = sizesAndOptions([size]);
  const t = empty(sizes, opts.dtype ?? get_default_dtype(), opts.device);
  checkNormal(t, std);
  fillNormal(t, mean, std, genOf(opts));
  return finish(t, opts);
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
  const values = std.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (!(values[i]! >= 0)) throw new ValueError('normal expects all elements of std >= 0.0');
  }
}

/** The kernel's dtype check, which PyTorch skips for an empty result. */
function checkNormalDType(dtype: DType, n: number): void {
  if (n > 0 && !isFloating(dtype)) throw notImplemented('normal_kernel_cpu', dtype);
}

function normalTensorTensor(mean: Tensor, std: Tensor, opts: GeneratorOption): Tensor {
  checkStdTensor(std);
  const shape = broadcastShapes(mean.shape, std.shape);
  sameDevice([mean, std]);
  checkNormalDType(mean.dtype, numel(shape));
  return normalTensorTensorOp.call([mean, std], { generator: genOf(opts) });
}

function normalTensorFloat(mean: Tensor, std: number, opts: GeneratorOption): Tensor {
  checkNormal(mean, std);
  return normalTensorFloatOp.call([mean], { std, generator: genOf(opts) });
}

function normalFloatTensor(mean: number, std: Tensor, opts: GeneratorOption): Tensor {
  checkStdTensor(std);
  checkNormalDType(std.dtype, std.numel());
  return normalFloatTensorOp.call([std], { mean, generator: genOf(opts) });
}

/** randint(high, size, opts) or randint(low, high, size, opts): int64 unless a dtype is given. */
export function randint(...args: (IntBound | readonly number[] | RandomOptions)[]): Tensor {
  const last = args[args.length - 1];
  const opts = (typeof last === 'object' && !Array.isArray(last) ? args.pop() : {}) as RandomOptions;
  const [sizes] = sizesAndOptions([args.pop() as readonly number[]]);
  const [low, high] = (args.length === 1 ? [0, args[0]] : [args[0], args[1]]) as [IntBound, IntBound];
  const t = empty(sizes, opts.dtype ?? 'int64', opts.device);
  const [from, to] = randomBounds(t.dtype, low, high);
  fillRandom(t, { from, to, generator: genOf(opts) });
  return finish(t, opts);
}

/** torch.randperm(n): a random permutation of 0 .. n-1 (int64 unless a dtype is given). */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n)) throw new ValueError(`randperm(): argument 'n' must be int, not float`, 'TypeError');
  if (n < 0) throw new ValueError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  const t = empty([n], opts.dtype ?? 'int64', opts.device);
  store(t, 'float64', dist.randpermValues(n, genOf(opts)));
  return finish(t, opts);
}

/** A new tensor like x (same shape and memory layout, PyTorch's preserve_format) of dtype/device. */
function likeTensor(x: Tensor, opts: TensorOptions, kernel: string | null): Tensor {
  const dtype = opts.dtype ?? x.dtype;
  if (kernel !== null && !isFloating(dtype)) throw notImplemented(kernel, dtype);
  return allocateLike(x, opts);
}

export function rand_like(x: Tensor, opts: RandomOptions = {}): Tensor {
  const t = likeTensor(x, opts, 'check_uniform_bounds');
  fillUniform(t, 0, 1, genOf(opts));
  return finish(t, opts);
}

/** randn_like: a transposed x gives a non-contiguous result, which takes the scalar normal path. */
export function randn_like(x: Tensor, opts: RandomOptions = {}): Tensor {
  const t = likeTensor(x, opts, null);
  checkNormal(t, 1);
  fillNormal(t, 0, 1, genOf(opts));
  return finish(t, opts);
}

/** randint_like(x, high, opts) or randint_like(x, low, high, opts). */
export function randint_like(x: Tensor, ...args: (IntBound | RandomOptions)[]): Tensor {
  const last = args[args.length - 1];
  const opts = (typeof last === 'object' ? args.pop() : {}) as RandomOptions;
  const [low, high] = (args.length === 1 ? [0, args[0]] : [args[0], args[1]]) as [IntBound, IntBound];
  const t = likeTensor(x, opts, null);
  const [from, to] = randomBounds(t.dtype, low, high);
  fillRandom(t, { from, to, generator: genOf(opts) });
  return finish(t, opts);
}

/**
 * torch.bernoulli(input): input holds the probabilities; torch.bernoulli(input, p): a number p for
 * every element. The result is a new contiguous tensor of input's dtype.
 */
export function bernoulli(input: Tensor, p?: number | GeneratorOption, opts: GeneratorOption = {}): Tensor {
  const options = typeof p === 'object' ? p : opts;
  // NOTE: a contiguous result (LEGACY_CONTIGUOUS_MEMORY_FORMAT), not input's layout.
  const t = empty(input.shape, input.dtype, input.device);
  if (typeof p === 'number') {
    checkBernoulliP(p);
    fillBernoulli(t, undefined, p, genOf(options));
  } else {
    if (!isFloating(input.dtype)) throw notImplemented('bernoulli_tensor_cpu_p_', input.dtype);
    fillBernoulli(t, input, null, genOf(options));
  }
  return t;
}

/**
 * The scaled keep-mask of F.dropout(x, p, training=True) on the CPU, drawn as PyTorch draws it:
 * noise = empty_like(x).bernoulli_(1 - p), then noise / (1 - p) in x's dtype; F.dropout returns
 * x * noise. PyTorch makes no draws for p = 0 (it returns x itself) or p = 1 (x * 0); this returns
 * ones and zeros for those, also without drawing.
 */
export function dropout_mask(x: Tensor, p: number, opts: GeneratorOption = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`, 'ValueError');
  const noise = emptyLike(x);
  if (p === 0 || p === 1) return noise.fill_(p === 0 ? 1 : 0);
  bernoulli_(noise, 1 - p, opts);
  return noise.div_(1 - p);
}

// --- the global generator's state, as PyTorch's torch.get_rng_state/set_rng_state ----------------

/** The default generator's state: PyTorch's 5056-byte layout (see Generator.get_state). */
export function get_rng_state(): Uint8Array {
  return default_generator.get_state();
}

/** Restores the default generator from get_rng_state() bytes, or a uint8 tensor of them. */
export function set_rng_state(state: Uint8Array | Tensor): void {
  default_generator.set_state(stateBytes(state));
}

function stateBytes(state: Uint8Array | Tensor): Uint8Array {
  if (!(state instanceof Tensor)) return state;
  if (state.dtype !== 'uint8') throw new DTypeError('RNG state must be a torch.ByteTensor', 'TypeError');
  return state.contiguous().dataSync() as Uint8Array;
}

// Shared with the other random modules (ops/multinomial.ts, ops/sampling.ts).
export { store as storeInMemoryOrder, cppDouble, notImplemented };
