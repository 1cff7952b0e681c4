import { backendFor } from './device.js';
import { type DType, type TypedArray, isFloating, isReducedFloat, itemsize } from './dtype.js';
import { DeviceError, ValueError } from './errors.js';
import { bfloat16BitsToNumber, halfBitsToNumber } from './half.js';
import { isContiguous, normalizeDim, numel } from './shape.js';
import type { Device, Storage } from './storage.js';
import * as conv from './ops/convert.js';
import * as ew from './ops/elementwise.js';
import type { AlphaOptions, ClampBound, DivOptions } from './ops/elementwise.js';
import type { TensorOrScalar } from './ops/helpers.js';
import * as idx from './ops/indexing.js';
import * as adv from './ops/advanced-index.js';
import * as pyIndex from './ops/python-index.js';
import * as join from './ops/join.js';
import * as mm from './ops/matmul.js';
import * as red from './ops/reduce.js';
import * as rnd from './ops/random.js';
import * as mult from './ops/multinomial.js';
import * as smp from './ops/sampling.js';
import * as split from './ops/split.js';
import * as views from './ops/views.js';
import { format } from './format.js';
import { type PyArgs, defineMethod } from './signature/index.js';
import { type BackwardOptions, type GradHook, type RemovableHandle, autogradEngine, installedAutograd } from './autograd-hooks.js';

/** A scalar as tolist()/item() return it: int64 beyond 2^53 stays a bigint. */
export type Item = number | bigint | boolean;
export type NestedList = Item | NestedList[];

/**
 * A view (storage, dtype, shape, strides, offset), as PyTorch's Tensor is. Methods are one-line
 * calls into the op modules; all semantics live there.
 */
export class Tensor {
  /** Set by the autograd layer; plain data here. */
  requires_grad = false;
  grad: Tensor | null = null;
  grad_fn: unknown = null;
  /** A scalar wrapped as a 0-dim tensor: weaker in type promotion (PyTorch's is_wrapped_number). */
  wrappedNumber = false;
  /** The tensor whose storage this view shares, for views made by view ops. */
  readonly _base: Tensor | null;
  readonly shape: readonly number[];
  readonly strides: readonly number[];

  constructor(
    readonly storage: Storage,
    shape: readonly number[],
    strides: readonly number[],
    readonly offset: number,
    base: Tensor | null = null,
  ) {
    this.shape = Object.freeze(shape.slice());
    this.strides = Object.freeze(strides.slice());
    this._base = base;
  }

  /** A view of `base`'s storage (internal constructor used by view ops). */
  static view(base: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
    return new Tensor(base.storage, shape, strides, offset, base._base ?? base);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }
  get device(): Device {
    return this.storage.device;
  }
  get ndim(): number {
    return this.shape.length;
  }
  get is_leaf(): boolean {
    return this.grad_fn === null;
  }
  get _version(): number {
    return this.storage.version;
  }
  get T(): Tensor {
    return views.permute(this, [...Array(this.ndim).keys()].reverse());
  }
  get mT(): Tensor {
    return views.transpose(this, -2, -1);
  }

  dim(): number {
    return this.shape.length;
  }
  numel(): number {
    return numel(this.shape);
  }
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    return dim === undefined ? this.shape.slice() : this.shape[normalizeDim(dim, this.ndim)]!;
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    return dim === undefined ? this.strides.slice() : this.strides[normalizeDim(dim, this.ndim)]!;
  }
  storage_offset(): number {
    return this.offset;
  }
  element_size(): number {
    return itemsize(this.dtype);
  }
  is_contiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }
  is_floating_point(): boolean {
    return isFloating(this.dtype);
  }
  requires_grad_(requires_grad = true): this {
    if (this.grad_fn !== null && !requires_grad) {
      throw new ValueError("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().", 'RuntimeError');
    }
    if (requires_grad && !isFloating(this.dtype)) {
      throw new ValueError('only Tensors of floating point dtype can require gradients', 'RuntimeError');
    }
    this.requires_grad = requires_grad;
    return this;
  }

  // --- autograd (installed by @wick/autograd) --------------------------------------------------
  backward(...args: PyArgs<[gradient?: Tensor | null, retain_graph?: boolean | null, create_graph?: boolean, inputs?: Tensor | readonly Tensor[] | null], BackwardOptions>): void {
    const { gradient, retain_graph, create_graph, inputs } = backwardSig.bind(args, this);
    autogradEngine('backward').backward(this, gradient, { retain_graph, create_graph, inputs });
  }
  retain_grad(...args: []): void { retainGradSig.bind(args, this); autogradEngine('retain_grad').retain_grad(this); }
  get retains_grad(): boolean { return installedAutograd()?.retains_grad(this) ?? false; }
  register_hook(...args: PyArgs<[hook: GradHook], { hook?: GradHook }>): RemovableHandle {
    const { hook } = registerHookSig.bind(args, this);
    return autogradEngine('register_hook').register_hook(this, hook);
  }
  detach_(...args: []): this { detachSig.bind(args, this); autogradEngine('detach_').detach_(this); return this; }

  // --- reading values -------------------------------------------------------------------------

  /**
   * The elements in logical order, as a new typed array: Float32Array for float32, float16 and
   * bfloat16 (converted), Float64Array, BigInt64Array for int64, Uint8Array for bool, and the
   * matching integer array otherwise. CPU only; `await data()` works on every device.
   */
  dataSync(): TypedArray {
    if (this.device !== 'cpu') {
      throw new DeviceError(`dataSync() reads CPU tensors only; this tensor is on '${this.device}': use await tensor.data()`);
    }
    const raw = backendFor('cpu').readSync!(this);
    return isReducedFloat(this.dtype) ? widenHalf(this.dtype, raw) : raw;
  }

  async data(): Promise<TypedArray> {
    const raw = await backendFor(this.device).read(this);
    return isReducedFloat(this.dtype) ? widenHalf(this.dtype, raw) : raw;
  }

  /**
   * PyTorch's numpy() for JavaScript: the elements in logical order as a typed array
   * (Float32Array, Float64Array, BigInt64Array for int64, Uint8Array for bool and uint8, and the
   * matching integer arrays), sharing this tensor's memory when it is contiguous, as numpy()
   * shares it. CPU only. float16 and bfloat16 come back converted to a new Float32Array (JS has
   * no typed array of those), and a non-contiguous tensor as a copy (typed arrays have no strides).
   */
  numpy(...args: PyArgs<[], { force?: boolean }>): TypedArray {
    const { force } = numpySig.bind(args, this);
    if (this.requires_grad && !force) {
      throw new ValueError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    }
    if (this.device !== 'cpu') {
      throw new DeviceError(`can't convert ${this.device} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.`, 'TypeError');
    }
    const shared = this.storage.data!;
    if (isReducedFloat(this.dtype)) return widenHalf(this.dtype, backendFor('cpu').readSync!(this));
    if (!this.is_contiguous()) return backendFor('cpu').readSync!(this);
    const values = shared.subarray(this.offset, this.offset + this.numel());
    return force ? values.slice() : values;
  }

  /**
   * The elements in logical order, as a new typed array (float16 and bfloat16 converted to
   * Float32Array), from any device: the one asynchronous way to read values.
   */
  async read(...args: []): Promise<TypedArray> {
    readSig.bind(args, this);
    const raw = await backendFor(this.device).read(this);
    return isReducedFloat(this.dtype) ? widenHalf(this.dtype, raw) : raw;
  }

  /** Nested arrays of numbers (booleans for bool; bigint for int64 values beyond 2^53). CPU only. */
  tolist(...args: []): NestedList {
    tolistSig.bind(args, this);
    const flat = this.cpuValues('tolist');
    const at = (i: number): Item => toItem(this.dtype, flat[i]!);
    if (this.ndim === 0) return at(0);
    let k = 0;
    const build = (d: number): NestedList[] =>
      Array.from({ length: this.shape[d]! }, () => (d === this.ndim - 1 ? at(k++) : build(d + 1)));
    return build(0);
  }

  /** The one element as a JS number (boolean for bool, bigint for int64 beyond 2^53). CPU only. */
  item(...args: []): Item {
    itemSig.bind(args, this);
    const n = this.numel();
    if (n !== 1) throw new ValueError(`a Tensor with ${n} elements cannot be converted to Scalar`);
    return toItem(this.dtype, this.cpuValues('item')[0]!);
  }

  /** Values in logical order, synchronously: CPU tensors only (another device is read with read()). */
  private cpuValues(method: string): TypedArray {
    if (this.device !== 'cpu') {
      throw new DeviceError(`${method}() reads CPU tensors synchronously; this tensor is on '${this.device}': use await tensor.read()`);
    }
    const raw = backendFor('cpu').readSync!(this);
    return isReducedFloat(this.dtype) ? widenHalf(this.dtype, raw) : raw;
  }

  toString(): string {
    return format(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return format(this);
  }

  // --- views (ops/views.ts) ---------------------------------------------------------------------
  view(...args: views.IntListArgs<views.ViewOptions>): Tensor { return views.viewMethod(this, args); }
  view_as(...args: PyArgs<[other: Tensor], { other?: Tensor }>): Tensor { return views.viewAsMethod(this, args); }
  reshape(...args: views.IntListArgs<views.ReshapeOptions>): Tensor { return views.reshape.method(this, args); }
  reshape_as(...args: PyArgs<[other: Tensor], { other?: Tensor }>): Tensor { return views.reshapeAsMethod(this, args); }
  as_strided(...args: PyArgs<views.AsStridedParams, views.AsStridedOptions>): Tensor { return views.as_strided.method(this, args); }
  as_strided_(...args: PyArgs<views.AsStridedParams, views.AsStridedOptions>): this { views.as_strided_.method(this, args); return this; }
  transpose(...args: PyArgs<views.TransposeParams, views.TransposeOptions>): Tensor { return views.transpose.method(this, args); }
  transpose_(...args: PyArgs<views.TransposeParams, views.TransposeOptions>): this { views.transposeInplaceMethod(this, args); return this; }
  swapaxes(...args: PyArgs<views.AxesParams, views.AxesOptions>): Tensor { return views.swapaxes.method(this, args); }
  swapaxes_(...args: PyArgs<views.AxesParams, views.AxesOptions>): this { views.swapaxesInplaceMethod(this, args); return this; }
  swapdims(...args: PyArgs<views.TransposeParams, views.TransposeOptions>): Tensor { return views.swapdims.method(this, args); }
  swapdims_(...args: PyArgs<views.TransposeParams, views.TransposeOptions>): this { views.swapdimsInplaceMethod(this, args); return this; }
  t(...args: PyArgs<[], object>): Tensor { return views.t.method(this, args); }
  t_(...args: PyArgs<[], object>): this { views.tInplaceMethod(this, args); return this; }
  permute(...args: views.IntListArgs<views.PermuteOptions>): Tensor { return views.permute.method(this, args); }
  movedim(...args: PyArgs<views.MovedimParams, views.MovedimOptions>): Tensor { return views.movedim.method(this, args); }
  moveaxis(...args: PyArgs<views.MovedimParams, views.MovedimOptions>): Tensor { return views.moveaxis.method(this, args); }
  expand(...args: views.IntListArgs<views.ExpandOptions>): Tensor { return views.expandMethod(this, args); }
  expand_as(...args: PyArgs<[other: Tensor], { other?: Tensor }>): Tensor { return views.expandAsMethod(this, args); }
  narrow(...args: PyArgs<views.NarrowParams, views.NarrowOptions>): Tensor { return views.narrow.method(this, args); }
  slice(...args: PyArgs<views.SliceParams, views.SliceOptions>): Tensor { return views.sliceMethod(this, args); }
  select(...args: PyArgs<views.SelectParams, views.SelectOptions>): Tensor { return views.select.method(this, args); }
  unsqueeze(...args: PyArgs<[dim: number], views.DimOptions>): Tensor { return views.unsqueeze.method(this, args); }
  unsqueeze_(...args: PyArgs<[dim: number], views.DimOptions>): this { views.unsqueezeInplaceMethod(this, args); return this; }
  squeeze(...args: views.SqueezeArgs): Tensor { return views.squeeze.method(this, args); }
  squeeze_(...args: views.SqueezeArgs): this { views.squeezeInplaceMethod(this, args); return this; }
  flatten(...args: PyArgs<[start_dim?: number, end_dim?: number], views.FlattenOptions>): Tensor { return views.flatten.method(this, args); }
  unflatten(...args: PyArgs<[dim: number, sizes: readonly number[]], views.UnflattenOptions>): Tensor { return views.unflattenMethod(this, args); }
  unbind(...args: PyArgs<[dim?: number], views.DimOptions>): Tensor[] { return split.unbind.method(this, args); }
  split(...args: PyArgs<split.TensorSplitParams, split.TensorSplitOptions>): Tensor[] { return split.splitMethod(this, args); }
  split_with_sizes(...args: PyArgs<split.SplitWithSizesParams, split.SplitWithSizesOptions>): Tensor[] { return split.split_with_sizes.method(this, args); }
  chunk(...args: PyArgs<[chunks: number, dim?: number], split.ChunkOptions>): Tensor[] { return split.chunk.method(this, args); }
  contiguous(...args: PyArgs<[], views.ContiguousOptions>): Tensor { return views.contiguousMethod(this, args); }
  clone(...args: PyArgs<[], views.CloneOptions>): Tensor { return views.clone.method(this, args); }
  detach(...args: PyArgs<[], object>): Tensor { return views.detach.method(this, args); }

  // --- dtype and copies -----------------------------------------------------------------------
  to(target: DType | Device | conv.ToOptions, options?: conv.ToOptions): Tensor { return conv.to(this, target, options); }
  type(dtype: DType): Tensor { return conv.to(this, dtype); }
  float(): Tensor { return conv.to(this, 'float32'); }
  double(): Tensor { return conv.to(this, 'float64'); }
  half(): Tensor { return conv.to(this, 'float16'); }
  bfloat16(): Tensor { return conv.to(this, 'bfloat16'); }
  long(): Tensor { return conv.to(this, 'int64'); }
  int(): Tensor { return conv.to(this, 'int32'); }
  short(): Tensor { return conv.to(this, 'int16'); }
  char(): Tensor { return conv.to(this, 'int8'); }
  byte(): Tensor { return conv.to(this, 'uint8'); }
  bool(): Tensor { return conv.to(this, 'bool'); }
  cpu(): Tensor { return conv.to(this, 'cpu'); }
  copy_(src: Tensor): this { conv.copy_(this, src); return this; }
  fill_(value: TensorOrScalar): this { conv.fill_(this, value); return this; }
  zero_(): this { conv.fill_(this, 0); return this; }

  // --- elementwise ----------------------------------------------------------------------------
  neg(): Tensor { return ew.unary('neg', this); }
  negative(): Tensor { return ew.unary('neg', this); }
  abs(): Tensor { return ew.unary('abs', this); }
  sign(): Tensor { return ew.unary('sign', this); }
  exp(): Tensor { return ew.unary('exp', this); }
  expm1(): Tensor { return ew.unary('expm1', this); }
  log(): Tensor { return ew.unary('log', this); }
  log1p(): Tensor { return ew.unary('log1p', this); }
  log2(): Tensor { return ew.unary('log2', this); }
  log10(): Tensor { return ew.unary('log10', this); }
  sqrt(): Tensor { return ew.unary('sqrt', this); }
  rsqrt(): Tensor { return ew.unary('rsqrt', this); }
  reciprocal(): Tensor { return ew.unary('reciprocal', this); }
  sin(): Tensor { return ew.unary('sin', this); }
  cos(): Tensor { return ew.unary('cos', this); }
  tan(): Tensor { return ew.unary('tan', this); }
  tanh(): Tensor { return ew.unary('tanh', this); }
  sigmoid(): Tensor { return ew.unary('sigmoid', this); }
  erf(): Tensor { return ew.unary('erf', this); }
  relu(): Tensor { return ew.unary('relu', this); }
  floor(): Tensor { return ew.unary('floor', this); }
  ceil(): Tensor { return ew.unary('ceil', this); }
  trunc(): Tensor { return ew.unary('trunc', this); }
  round(): Tensor { return ew.unary('round', this); }
  square(): Tensor { return ew.unary('square', this); }
  logical_not(): Tensor { return ew.unary('logical_not', this); }
  isnan(): Tensor { return ew.unary('isnan', this); }
  isinf(): Tensor { return ew.unary('isinf', this); }
  isfinite(): Tensor { return ew.unary('isfinite', this); }
  neg_(): this { ew.unaryInplace('neg', this); return this; }
  abs_(): this { ew.unaryInplace('abs', this); return this; }
  sign_(): this { ew.unaryInplace('sign', this); return this; }
  exp_(): this { ew.unaryInplace('exp', this); return this; }
  expm1_(): this { ew.unaryInplace('expm1', this); return this; }
  log_(): this { ew.unaryInplace('log', this); return this; }
  log1p_(): this { ew.unaryInplace('log1p', this); return this; }
  sqrt_(): this { ew.unaryInplace('sqrt', this); return this; }
  rsqrt_(): this { ew.unaryInplace('rsqrt', this); return this; }
  reciprocal_(): this { ew.unaryInplace('reciprocal', this); return this; }
  sin_(): this { ew.unaryInplace('sin', this); return this; }
  cos_(): this { ew.unaryInplace('cos', this); return this; }
  tanh_(): this { ew.unaryInplace('tanh', this); return this; }
  sigmoid_(): this { ew.unaryInplace('sigmoid', this); return this; }
  erf_(): this { ew.unaryInplace('erf', this); return this; }
  relu_(): this { ew.unaryInplace('relu', this); return this; }
  floor_(): this { ew.unaryInplace('floor', this); return this; }
  ceil_(): this { ew.unaryInplace('ceil', this); return this; }
  trunc_(): this { ew.unaryInplace('trunc', this); return this; }
  round_(): this { ew.unaryInplace('round', this); return this; }
  square_(): this { ew.unaryInplace('square', this); return this; }

  add(other: TensorOrScalar, opts?: AlphaOptions): Tensor { return ew.add(this, other, opts); }
  sub(other: TensorOrScalar, opts?: AlphaOptions): Tensor { return ew.sub(this, other, opts); }
  mul(other: TensorOrScalar): Tensor { return ew.binary('mul', this, other); }
  div(other: TensorOrScalar, opts?: DivOptions): Tensor { return ew.div(this, other, opts); }
  true_divide(other: TensorOrScalar): Tensor { return ew.binary('div', this, other); }
  floor_divide(other: TensorOrScalar): Tensor { return ew.binary('div_floor', this, other); }
  remainder(other: TensorOrScalar): Tensor { return ew.binary('remainder', this, other); }
  fmod(other: TensorOrScalar): Tensor { return ew.binary('fmod', this, other); }
  pow(exponent: TensorOrScalar): Tensor { return ew.binary('pow', this, exponent); }
  atan2(other: TensorOrScalar): Tensor { return ew.binary('atan2', this, other); }
  maximum(other: Tensor): Tensor { return ew.binary('maximum', this, other); }
  minimum(other: Tensor): Tensor { return ew.binary('minimum', this, other); }
  eq(other: TensorOrScalar): Tensor { return ew.binary('eq', this, other); }
  ne(other: TensorOrScalar): Tensor { return ew.binary('ne', this, other); }
  lt(other: TensorOrScalar): Tensor { return ew.binary('lt', this, other); }
  le(other: TensorOrScalar): Tensor { return ew.binary('le', this, other); }
  gt(other: TensorOrScalar): Tensor { return ew.binary('gt', this, other); }
  ge(other: TensorOrScalar): Tensor { return ew.binary('ge', this, other); }
  logical_and(other: TensorOrScalar): Tensor { return ew.binary('logical_and', this, other); }
  logical_or(other: TensorOrScalar): Tensor { return ew.binary('logical_or', this, other); }
  logical_xor(other: TensorOrScalar): Tensor { return ew.binary('logical_xor', this, other); }
  add_(other: TensorOrScalar, opts?: AlphaOptions): this { ew.binaryInplace('add', this, ew.scaledOther(other, opts?.alpha, this)); return this; }
  sub_(other: TensorOrScalar, opts?: AlphaOptions): this { ew.checkSubtractable(this, other); ew.binaryInplace('sub', this, ew.scaledOther(other, opts?.alpha, this)); return this; }
  mul_(other: TensorOrScalar): this { ew.binaryInplace('mul', this, other); return this; }
  div_(other: TensorOrScalar, opts: DivOptions = {}): this { ew.binaryInplace(ew.divName(opts), this, other); return this; }
  pow_(exponent: TensorOrScalar): this { ew.binaryInplace('pow', this, exponent); return this; }
  remainder_(other: TensorOrScalar): this { ew.binaryInplace('remainder', this, other); return this; }
  fmod_(other: TensorOrScalar): this { ew.binaryInplace('fmod', this, other); return this; }
  clamp(min?: ClampBound, max?: ClampBound): Tensor { return ew.clamp(this, min, max); }
  clip(min?: ClampBound, max?: ClampBound): Tensor { return ew.clamp(this, min, max); }
  clamp_(min?: ClampBound, max?: ClampBound): this { ew.clamp_(this, min, max); return this; }
  clamp_min(min: ClampBound): Tensor { return ew.clamp(this, min, null); }
  clamp_max(max: ClampBound): Tensor { return ew.clamp(this, null, max); }
  masked_fill(mask: Tensor, value: TensorOrScalar): Tensor { return ew.masked_fill(this, mask, value); }
  masked_fill_(mask: Tensor, value: TensorOrScalar): this { ew.masked_fill_(this, mask, value); return this; }
  where(condition: Tensor, other: TensorOrScalar): Tensor { return ew.where(condition, this, other); }

  // --- reductions (ops/reduce.ts) ---------------------------------------------------------------
  sum(...args: PyArgs<red.SumParams, red.ReduceOptions>): Tensor { return red.sum.method(this, args); }
  mean(...args: PyArgs<red.SumParams, red.ReduceOptions>): Tensor { return red.mean.method(this, args); }
  prod(...args: PyArgs<red.ProdParams, red.ProdOptions>): Tensor { return red.prod.method(this, args); }
  max(): Tensor;
  max(...args: PyArgs<[other: Tensor], { other?: Tensor }>): Tensor;
  max(...args: PyArgs<red.MaxDimParams, red.MaxOptions>): red.ValuesIndices;
  max(...args: unknown[]): Tensor | red.ValuesIndices { return red.max.method(this, args); }
  min(): Tensor;
  min(...args: PyArgs<[other: Tensor], { other?: Tensor }>): Tensor;
  min(...args: PyArgs<red.MaxDimParams, red.MaxOptions>): red.ValuesIndices;
  min(...args: unknown[]): Tensor | red.ValuesIndices { return red.min.method(this, args); }
  amax(...args: PyArgs<red.AmaxParams, red.AmaxOptions>): Tensor { return red.amax.method(this, args); }
  amin(...args: PyArgs<red.AmaxParams, red.AmaxOptions>): Tensor { return red.amin.method(this, args); }
  argmax(...args: PyArgs<red.ArgParams, red.ArgOptions>): Tensor { return red.argmax.method(this, args); }
  argmin(...args: PyArgs<red.ArgParams, red.ArgOptions>): Tensor { return red.argmin.method(this, args); }
  var(...args: red.VarParams): Tensor { return red.var.method(this, args); }
  std(...args: red.VarParams): Tensor { return red.std.method(this, args); }
  logsumexp(...args: PyArgs<red.LogsumexpParams, red.LogsumexpOptions>): Tensor { return red.logsumexp.method(this, args); }
  softmax(...args: PyArgs<red.SoftmaxParams, red.AlongOptions>): Tensor { return red.softmax.method(this, args); }
  log_softmax(...args: PyArgs<red.SoftmaxParams, red.AlongOptions>): Tensor { return red.log_softmax.method(this, args); }
  cumsum(...args: PyArgs<red.ScanParams, red.AlongOptions>): Tensor { return red.cumsum.method(this, args); }
  cumprod(...args: PyArgs<red.ScanParams, red.AlongOptions>): Tensor { return red.cumprod.method(this, args); }
  cumsum_(...args: PyArgs<red.ScanParams, red.AlongOptions>): this { red.cumsumInplace(this, args); return this; }
  cumprod_(...args: PyArgs<red.ScanParams, red.AlongOptions>): this { red.cumprodInplace(this, args); return this; }
  all(...args: PyArgs<red.TruthParams, red.TruthOptions>): Tensor { return red.all.method(this, args); }
  any(...args: PyArgs<red.TruthParams, red.TruthOptions>): Tensor { return red.any.method(this, args); }

  // --- sorting (ops/sort.ts) -------------------------------------------------------------------
  sort(...args: PyArgs<red.SortParams, red.SortOptions>): red.ValuesIndices { return red.sort.method(this, args); }
  argsort(...args: PyArgs<red.SortParams, red.SortOptions>): Tensor { return red.argsort.method(this, args); }
  topk(...args: PyArgs<red.TopkParams, red.TopkOptions>): red.ValuesIndices { return red.topk.method(this, args); }

  // --- matrix products (ops/matmul.ts) ---------------------------------------------------------
  matmul(...args: PyArgs<[other: Tensor], { other?: Tensor }>): Tensor { return mm.matmul.method(this, args); }
  mm(...args: PyArgs<[mat2: Tensor], { mat2?: Tensor }>): Tensor { return mm.productMethods.mm(this, args); }
  bmm(...args: PyArgs<[mat2: Tensor], { mat2?: Tensor }>): Tensor { return mm.productMethods.bmm(this, args); }
  mv(...args: PyArgs<[vec: Tensor], { vec?: Tensor }>): Tensor { return mm.mv.method(this, args); }
  dot(...args: PyArgs<[tensor: Tensor], { tensor?: Tensor }>): Tensor { return mm.dot.method(this, args); }
  outer(...args: PyArgs<[vec2: Tensor], { vec2?: Tensor }>): Tensor { return mm.outer.method(this, args); }
  ger(...args: PyArgs<[vec2: Tensor], { vec2?: Tensor }>): Tensor { return mm.ger.method(this, args); }
  addmm(...args: PyArgs<[mat1: Tensor, mat2: Tensor], mm.AddmmOptions>): Tensor { return mm.productMethods.addmm(this, args); }
  addmm_(...args: PyArgs<[mat1: Tensor, mat2: Tensor], mm.AddmmOptions>): this { mm.productMethods.addmm_(this, args); return this; }
  baddbmm(...args: PyArgs<[batch1: Tensor, batch2: Tensor], mm.BaddbmmOptions>): Tensor { return mm.productMethods.baddbmm(this, args); }
  baddbmm_(...args: PyArgs<[batch1: Tensor, batch2: Tensor], mm.BaddbmmOptions>): this { mm.productMethods.baddbmm_(this, args); return this; }

  // --- indexing (ops/indexing.ts) ----------------------------------------------------------------
  index_select(...args: PyArgs<idx.IndexSelectParams, idx.IndexSelectOptions>): Tensor { return idx.index_select.method(this, args); }
  gather(...args: PyArgs<idx.IndexSelectParams, idx.GatherOptions>): Tensor { return idx.gather.method(this, args); }
  scatter(...args: PyArgs<idx.ScatterParams, idx.ScatterOptions>): Tensor { return idx.scatter.method(this, args); }
  scatter_(...args: PyArgs<idx.ScatterParams, idx.ScatterOptions>): this { idx.scatterInplaceMethod(this, args); return this; }
  scatter_add(...args: PyArgs<idx.ScatterAddParams, idx.ScatterAddOptions>): Tensor { return idx.scatter_add.method(this, args); }
  scatter_add_(...args: PyArgs<idx.ScatterAddParams, idx.ScatterAddOptions>): this { idx.scatterAddInplaceMethod(this, args); return this; }

  // --- Python indexing (ops/python-index.ts, ops/advanced-index.ts) ----------------------------
  // x[index] is x.__getitem__(index) and x[index] = v is x.__setitem__(index, v), PyTorch's own
  // names; an index is one item or an array of items (Python's tuple): see ops/python-index.ts.
  __getitem__(...args: pyIndex.GetitemArgs): Tensor { return pyIndex.getitemMethod(this, args); }
  __setitem__(...args: pyIndex.SetitemArgs): void { pyIndex.setitemMethod(this, args); }
  index_put_(...args: PyArgs<adv.IndexPutParams, adv.IndexPutOptions>): this { adv.indexPutMethodCall(this, args, true); return this; }
  index_put(...args: PyArgs<adv.IndexPutParams, adv.IndexPutOptions>): Tensor { return adv.indexPutMethodCall(this, args, false); }
  masked_select(...args: PyArgs<[mask: Tensor], adv.MaskedSelectOptions>): Tensor { return adv.masked_select.method(this, args); }
  masked_scatter(...args: PyArgs<[mask: Tensor, source: Tensor], adv.MaskedScatterOptions>): Tensor { return adv.masked_scatter.method(this, args); }
  masked_scatter_(...args: PyArgs<[mask: Tensor, source: Tensor], adv.MaskedScatterOptions>): this { adv.maskedScatterInplace(this, args); return this; }
  nonzero(options?: { as_tuple?: false }): Tensor;
  nonzero(options: { as_tuple: true }): Tensor[];
  nonzero(...args: [options?: { as_tuple?: boolean }]): Tensor | Tensor[] { return adv.nonzeroMethodCall(this, args); }
  argwhere(...args: PyArgs<[], { input?: never }>): Tensor { return adv.argwhere.method(this, args); }

  // --- joining and reordering (ops/join.ts) ----------------------------------------------------
  flip(...args: views.IntListArgs<join.FlipOptions>): Tensor { return join.flip.method(this, args); }
  roll(...args: PyArgs<join.RollParams, join.RollOptions>): Tensor { return join.roll.method(this, args); }

  // --- random (ops/random.ts) ------------------------------------------------------------------
  uniform_(...args: (number | rnd.GeneratorOption | undefined)[]): this { rnd.uniform_(this, ...args); return this; }
  normal_(...args: (number | rnd.GeneratorOption | undefined)[]): this { rnd.normal_(this, ...args); return this; }
  random_(...args: (number | bigint | null | rnd.GeneratorOption | undefined)[]): this { rnd.random_(this, ...args); return this; }
  bernoulli_(...args: (number | Tensor | rnd.GeneratorOption | undefined)[]): this { rnd.bernoulli_(this, ...args); return this; }
  bernoulli(p?: number | rnd.GeneratorOption, opts?: rnd.GeneratorOption): Tensor { return rnd.bernoulli(this, p, opts); }
  exponential_(...args: (number | rnd.GeneratorOption | undefined)[]): this { rnd.exponential_(this, ...args); return this; }

  // --- more random (ops/multinomial.ts, ops/sampling.ts) ----------------------------------------
  multinomial(...args: PyArgs<mult.MultinomialParams, mult.MultinomialOptions>): Tensor { return mult.multinomial.method(this, args); }
  geometric_(...args: PyArgs<smp.GeometricParams, smp.GeometricOptions>): this { smp.geometric_(this, args); return this; }
  cauchy_(...args: PyArgs<smp.CauchyParams, smp.CauchyOptions>): this { smp.cauchy_(this, args); return this; }
  log_normal_(...args: PyArgs<smp.LogNormalParams, smp.LogNormalOptions>): this { smp.log_normal_(this, args); return this; }
}

// PyTorch writes these methods in Python (torch/_tensor.py) or binds them without arguments.
const backwardSig = defineMethod('backward',
  'Tensor.backward(Tensor self, Tensor? gradient=None, bool? retain_graph=None, bool create_graph=False, Tensor|Tensor[]? inputs=None)',
  { style: 'python' });
const retainGradSig = defineMethod('retain_grad', 'retain_grad(Tensor self)');
const registerHookSig = defineMethod('register_hook', 'Tensor.register_hook(Tensor self, Callable hook)', { style: 'python' });
const detachSig = defineMethod('detach_', 'detach_(Tensor self)');
const numpySig = defineMethod('numpy', 'numpy(Tensor self, *, bool force=False)');
const readSig = defineMethod('read', 'read(Tensor self)', {
  differs: "wick's asynchronous read of any device's values (PyTorch reads device memory synchronously)",
});
const tolistSig = defineMethod('tolist', 'tolist(Tensor self)');
const itemSig = defineMethod('item', 'item(Tensor self)');

function widenHalf(dtype: DType, bits: TypedArray): Float32Array {
  const toNumber = dtype === 'float16' ? halfBitsToNumber : bfloat16BitsToNumber;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = toNumber(bits[i] as number);
  return out;
}

function toItem(dtype: DType, v: number | bigint): Item {
  if (dtype === 'bool') return v !== 0;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  return v;
}
