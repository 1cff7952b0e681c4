import { backendFor } from './device.js';
import { Complex } from './complex.js';
import { type DType, type TypedArray, isComplex, isFloat8, isFloating, isReducedFloat } from './dtype.js';
import { float8Table } from './float8.js';
import { ArgumentError, DeviceError, ValueError } from './errors.js';
import { bfloat16BitsToNumber, halfBitsToNumber } from './half.js';
import { isContiguous, numel } from './shape.js';
import type { Device, Storage } from './storage.js';
import * as bin from './ops/binary.js';
import type { NumberLike, Operand } from './ops/binary.js';
import * as conv from './ops/convert.js';
import * as cx from './ops/complex.js';
import * as cr from './ops/creation.js';
import type { Int, SizeArgs, TensorOptions } from './ops/creation.js';
import * as info from './ops/info.js';
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
import * as sel from './ops/select.js';
import * as tri from './ops/triangle.js';
import * as rep from './ops/repeat-interleave.js';
import * as un from './ops/unary.js';
import * as views from './ops/views.js';
import * as toCpu from './ops/to-cpu.js';
import * as toSparse from './sparse-convert.js';
import type { SparseTensor } from './sparse.js';
import { formatTensor } from './format.js';
import { type PyArgs, defineMethod, pyTypeName } from './signature/index.js';
import { type BackwardOptions, type GradHook, type RemovableHandle, autogradEngine, installedAutograd } from './autograd-hooks.js';

/** The arguments of x.float(), x.double(), ..., x.cpu(): none, or memory_format by name. */
type ShorthandArgs = [] | [options: { memory_format?: conv.MemoryFormat }];
/** A legacy constructor (torch.FloatTensor) as x.type() takes it. */
type LegacyType = { readonly dtype: DType } | ((...args: never[]) => Tensor);
/** A scalar as tolist()/item() return it: int64/uint64 beyond 2^53 stays a bigint; complex is a Complex. */
export type Item = number | bigint | boolean | Complex;
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
  /** 'strided': sparse tensors are SparseTensor (sparse.ts), whose layout says which. */
  get layout(): 'strided' {
    return 'strided';
  }
  get is_sparse(): boolean {
    return false;
  }
  get is_quantized(): boolean {
    return false;
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

  // NOTE: these are read everywhere inside wick; with no arguments there is nothing to bind.
  dim(...args: []): number {
    return args.length === 0 ? this.shape.length : info.describe.dim(this, args);
  }
  numel(...args: []): number {
    return args.length === 0 ? numel(this.shape) : info.numel.method(this, args);
  }
  size(): number[];
  size(dim: Int): number;
  size(options: { dim?: Int | null }): number | number[];
  size(...args: unknown[]): number | number[] {
    return args.length === 0 ? this.shape.slice() : info.describe.size(this, args);
  }
  stride(): number[];
  stride(dim: Int): number;
  stride(options: { dim?: Int | null }): number | number[];
  stride(...args: unknown[]): number | number[] {
    return args.length === 0 ? this.strides.slice() : info.describe.stride(this, args);
  }
  storage_offset(...args: []): number {
    return info.describe.storage_offset(this, args);
  }
  element_size(...args: []): number {
    return info.describe.element_size(this, args);
  }
  is_contiguous(...args: [] | [options: { memory_format?: conv.MemoryFormat }]): boolean {
    return args.length === 0 ? isContiguous(this.shape, this.strides) : info.describe.is_contiguous(this, args);
  }
  is_floating_point(...args: []): boolean {
    return args.length === 0 ? isFloating(this.dtype) : info.is_floating_point.method(this, args);
  }
  requires_grad_(...args: PyArgs<[requires_grad?: boolean], { requires_grad?: boolean }>): this {
    const requires_grad = info.describe.requires_grad_(this, args);
    if (this.grad_fn !== null && !requires_grad) {
      throw new ValueError("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().", 'RuntimeError');
    }
    if (requires_grad && isComplex(this.dtype)) {
      // PyTorch differentiates complex tensors (Wirtinger calculus); wick's autograd does not.
      throw new ValueError('wick has no complex gradients: a complex tensor cannot require grad', 'NotImplementedError');
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
   * PyTorch's `.data`: a tensor sharing this one's storage, shape and strides, outside autograd
   * (no grad_fn, requires_grad false), so `p.data.add_(g, { alpha: -lr })` and
   * `w.data.uniform_(-0.1, 0.1)` change values without being recorded.
   *
   * NOTE: PyTorch gives `.data` its own version counter, so writes through it are never reported
   * to autograd; wick's version counter lives on the storage, so a write through `.data` into a
   * tensor that a graph saved for backward is reported when that backward runs.
   */
  get data(): Tensor {
    return new Tensor(this.storage, this.shape, this.strides, this.offset);
  }

  /** `x.data = y`: x takes y's storage, shape and strides (and dtype), keeping its identity and autograd state. */
  set data(value: Tensor) {
    if (!(value instanceof Tensor)) {
      throw new ArgumentError(`Variable data has to be a tensor, but got ${pyTypeName(value)}`, 'data');
    }
    // NOTE: Tensor's layout fields are readonly to its users; this is the one place that rebinds
    // them, as PyTorch's `.data` setter swaps a tensor's implementation.
    Object.assign(this, { storage: value.storage, shape: value.shape, strides: value.strides, offset: value.offset, _base: null });
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
      // PyTorch's words, but its Tensor.cpu() reads device memory synchronously, which wick cannot.
      throw new DeviceError(`can't convert ${this.device} device type tensor to numpy. Use await Tensor.to_cpu() to copy the tensor to host memory first.`, 'TypeError');
    }
    const shared = this.storage.data!;
    if (storedAsBits(this.dtype)) return widenBits(this.dtype, backendFor('cpu').readSync!(this));
    if (!this.is_contiguous()) return backendFor('cpu').readSync!(this);
    // A complex element is two slots (real, imaginary) of the interleaved array.
    const k = isComplex(this.dtype) ? 2 : 1;
    const values = shared.subarray(k * this.offset, k * (this.offset + this.numel()));
    return force ? values.slice() : values;
  }

  /**
   * The elements in logical order, as a new typed array (float16 and bfloat16 converted to
   * Float32Array), from any device: the one asynchronous way to read values.
   */
  read(...args: []): Promise<TypedArray> {
    // Bound before anything is awaited, so a bad call throws where it is made.
    readSig.bind(args, this);
    return backendFor(this.device)
      .read(this)
      .then((raw) => (storedAsBits(this.dtype) ? widenBits(this.dtype, raw) : raw));
  }

  /**
   * A copy on the CPU, detached, with this tensor's dtype and shape, read asynchronously from any
   * device (wick's own: on a WebGPU device x.cpu() cannot read synchronously).
   */
  to_cpu(...args: []): Promise<Tensor> {
    toCpuSig.bind(args, this);
    return toCpu.tensorToCpu(this);
  }

  /** Nested arrays of numbers (booleans for bool; bigint for int64 values beyond 2^53). CPU only. */
  tolist(...args: []): NestedList {
    tolistSig.bind(args, this);
    const flat = this.cpuValues('tolist');
    const at = (i: number): Item => toItem(this.dtype, flat, i);
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
    return toItem(this.dtype, this.cpuValues('item'), 0);
  }

  private cpuValues(method: string): TypedArray {
    return hostValues(this, method);
  }

  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
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
  to(...args: conv.ToArgs): Tensor { return conv.to(this, args); }
  type(options?: { dtype?: null; non_blocking?: boolean }): string;
  type(...args: PyArgs<[dtype: DType | string | LegacyType, non_blocking?: boolean], { dtype?: DType | string | LegacyType; non_blocking?: boolean }>): Tensor;
  type(...args: unknown[]): Tensor | string { return conv.type(this, args); }
  float(...args: ShorthandArgs): Tensor { return conv.shorthands.float(this, args); }
  double(...args: ShorthandArgs): Tensor { return conv.shorthands.double(this, args); }
  half(...args: ShorthandArgs): Tensor { return conv.shorthands.half(this, args); }
  bfloat16(...args: ShorthandArgs): Tensor { return conv.shorthands.bfloat16(this, args); }
  long(...args: ShorthandArgs): Tensor { return conv.shorthands.long(this, args); }
  int(...args: ShorthandArgs): Tensor { return conv.shorthands.int(this, args); }
  short(...args: ShorthandArgs): Tensor { return conv.shorthands.short(this, args); }
  char(...args: ShorthandArgs): Tensor { return conv.shorthands.char(this, args); }
  byte(...args: ShorthandArgs): Tensor { return conv.shorthands.byte(this, args); }
  bool(...args: ShorthandArgs): Tensor { return conv.shorthands.bool(this, args); }
  cpu(...args: ShorthandArgs): Tensor { return conv.cpu(this, args); }
  copy_(...args: PyArgs<[other: Operand, non_blocking?: boolean], { other?: Operand; non_blocking?: boolean }>): this { conv.copy_(this, args); return this; }
  fill_(...args: PyArgs<[value: NumberLike], { value?: NumberLike }>): this { conv.fill_.method(this, args); return this; }
  zero_(...args: []): this { conv.zero_.method(this, args); return this; }
  new_zeros(...args: SizeArgs<TensorOptions>): Tensor { return cr.newFactories.new_zeros(this, args); }
  new_ones(...args: SizeArgs<TensorOptions>): Tensor { return cr.newFactories.new_ones(this, args); }
  new_empty(...args: SizeArgs<TensorOptions>): Tensor { return cr.newFactories.new_empty(this, args); }
  new_full(...args: PyArgs<[size: readonly Int[], fill_value: NumberLike], TensorOptions & { size?: readonly Int[]; fill_value?: NumberLike }>): Tensor { return cr.newFactories.new_full(this, args); }
  new_tensor(...args: PyArgs<[data: cr.TensorData], TensorOptions & { data?: cr.TensorData }>): Tensor { return cr.newFactories.new_tensor(this, args); }

  // --- elementwise ----------------------------------------------------------------------------
  abs(...args: []): Tensor { return un.abs.method(this, args); }
  // --- complex (ops/complex.ts) ------------------------------------------------------------------
  /** The real parts of a complex tensor as a view (a real tensor itself), as PyTorch's x.real. */
  get real(): Tensor { return cx.realOf(this); }
  /** The imaginary parts of a complex tensor as a view, as PyTorch's x.imag. */
  get imag(): Tensor { return cx.imagOf(this); }
  conj(...args: []): Tensor { return cx.conj.method(this, args); }
  resolve_conj(...args: []): Tensor { return cx.resolve_conj.method(this, args); }
  is_conj(...args: []): boolean { return cx.is_conj.method(this, args); }
  is_complex(...args: []): boolean { return cx.is_complex.method(this, args); }
  angle(...args: []): Tensor { return cx.angle.method(this, args); }
  neg(...args: []): Tensor { return un.neg.method(this, args); }
  negative(...args: []): Tensor { return un.negative.method(this, args); }
  sign(...args: []): Tensor { return un.sign.method(this, args); }
  exp(...args: []): Tensor { return un.exp.method(this, args); }
  expm1(...args: []): Tensor { return un.expm1.method(this, args); }
  log(...args: []): Tensor { return un.log.method(this, args); }
  log1p(...args: []): Tensor { return un.log1p.method(this, args); }
  log2(...args: []): Tensor { return un.log2.method(this, args); }
  log10(...args: []): Tensor { return un.log10.method(this, args); }
  sqrt(...args: []): Tensor { return un.sqrt.method(this, args); }
  rsqrt(...args: []): Tensor { return un.rsqrt.method(this, args); }
  reciprocal(...args: []): Tensor { return un.reciprocal.method(this, args); }
  sin(...args: []): Tensor { return un.sin.method(this, args); }
  cos(...args: []): Tensor { return un.cos.method(this, args); }
  tan(...args: []): Tensor { return un.tan.method(this, args); }
  tanh(...args: []): Tensor { return un.tanh.method(this, args); }
  sigmoid(...args: []): Tensor { return un.sigmoid.method(this, args); }
  erf(...args: []): Tensor { return un.erf.method(this, args); }
  relu(...args: []): Tensor { return un.relu.method(this, args); }
  floor(...args: []): Tensor { return un.floor.method(this, args); }
  ceil(...args: []): Tensor { return un.ceil.method(this, args); }
  trunc(...args: []): Tensor { return un.trunc.method(this, args); }
  round(...args: [] | [options: { decimals?: Int }]): Tensor { return un.round.method(this, args); }
  square(...args: []): Tensor { return un.square.method(this, args); }
  logical_not(...args: []): Tensor { return un.logical_not.method(this, args); }
  isnan(...args: []): Tensor { return un.isnan.method(this, args); }
  isinf(...args: []): Tensor { return un.isinf.method(this, args); }
  isfinite(...args: []): Tensor { return un.isfinite.method(this, args); }
  abs_(...args: []): this { un.inplace.abs_(this, args); return this; }
  neg_(...args: []): this { un.inplace.neg_(this, args); return this; }
  negative_(...args: []): this { un.inplace.negative_(this, args); return this; }
  sign_(...args: []): this { un.inplace.sign_(this, args); return this; }
  exp_(...args: []): this { un.inplace.exp_(this, args); return this; }
  expm1_(...args: []): this { un.inplace.expm1_(this, args); return this; }
  log_(...args: []): this { un.inplace.log_(this, args); return this; }
  log1p_(...args: []): this { un.inplace.log1p_(this, args); return this; }
  log2_(...args: []): this { un.inplace.log2_(this, args); return this; }
  log10_(...args: []): this { un.inplace.log10_(this, args); return this; }
  sqrt_(...args: []): this { un.inplace.sqrt_(this, args); return this; }
  rsqrt_(...args: []): this { un.inplace.rsqrt_(this, args); return this; }
  reciprocal_(...args: []): this { un.inplace.reciprocal_(this, args); return this; }
  sin_(...args: []): this { un.inplace.sin_(this, args); return this; }
  cos_(...args: []): this { un.inplace.cos_(this, args); return this; }
  tan_(...args: []): this { un.inplace.tan_(this, args); return this; }
  tanh_(...args: []): this { un.inplace.tanh_(this, args); return this; }
  sigmoid_(...args: []): this { un.inplace.sigmoid_(this, args); return this; }
  erf_(...args: []): this { un.inplace.erf_(this, args); return this; }
  relu_(...args: []): this { un.inplace.relu_(this, args); return this; }
  floor_(...args: []): this { un.inplace.floor_(this, args); return this; }
  ceil_(...args: []): this { un.inplace.ceil_(this, args); return this; }
  trunc_(...args: []): this { un.inplace.trunc_(this, args); return this; }
  round_(...args: [] | [options: { decimals?: Int }]): this { un.inplace.round_(this, args); return this; }
  square_(...args: []): this { un.inplace.square_(this, args); return this; }
  logical_not_(...args: []): this { un.inplace.logical_not_(this, args); return this; }

  add(...args: PyArgs<[other: Operand], bin.AlphaMethodOptions>): Tensor { return bin.add.method(this, args); }
  sub(...args: PyArgs<[other: Operand], bin.AlphaMethodOptions>): Tensor { return bin.sub.method(this, args); }
  subtract(...args: PyArgs<[other: Operand, alpha?: NumberLike], bin.AlphaMethodOptions>): Tensor { return bin.subtract.method(this, args); }
  mul(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.mul.method(this, args); }
  multiply(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.multiply.method(this, args); }
  div(...args: PyArgs<[other: Operand], bin.DivMethodOptions>): Tensor { return bin.div.method(this, args); }
  divide(...args: PyArgs<[other: Operand], bin.DivMethodOptions>): Tensor { return bin.divide.method(this, args); }
  true_divide(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.true_divide.method(this, args); }
  floor_divide(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.floor_divide.method(this, args); }
  remainder(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.remainder.method(this, args); }
  fmod(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.fmod.method(this, args); }
  pow(...args: PyArgs<[exponent: Operand], { exponent?: Operand }>): Tensor { return bin.pow.method(this, args); }
  atan2(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.atan2.method(this, args); }
  arctan2(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.arctan2.method(this, args); }
  maximum(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.maximum.method(this, args); }
  minimum(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.minimum.method(this, args); }
  eq(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.eq.method(this, args); }
  ne(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.ne.method(this, args); }
  lt(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.lt.method(this, args); }
  le(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.le.method(this, args); }
  gt(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.gt.method(this, args); }
  ge(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.ge.method(this, args); }
  greater(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.greater.method(this, args); }
  less(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.less.method(this, args); }
  greater_equal(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.greater_equal.method(this, args); }
  less_equal(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.less_equal.method(this, args); }
  not_equal(...args: PyArgs<[other: Operand], bin.OtherOptions>): Tensor { return bin.not_equal.method(this, args); }
  logical_and(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.logical_and.method(this, args); }
  logical_or(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.logical_or.method(this, args); }
  logical_xor(...args: PyArgs<[other: Tensor], bin.OtherOptions>): Tensor { return bin.logical_xor.method(this, args); }
  add_(...args: PyArgs<[other: Operand], bin.AlphaMethodOptions>): this { bin.inplace.add_(this, args); return this; }
  sub_(...args: PyArgs<[other: Operand], bin.AlphaMethodOptions>): this { bin.inplace.sub_(this, args); return this; }
  subtract_(...args: PyArgs<[other: Operand, alpha?: NumberLike], bin.AlphaMethodOptions>): this { bin.inplace.subtract_(this, args); return this; }
  mul_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.mul_(this, args); return this; }
  multiply_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.multiply_(this, args); return this; }
  div_(...args: PyArgs<[other: Operand], bin.DivMethodOptions>): this { bin.inplace.div_(this, args); return this; }
  divide_(...args: PyArgs<[other: Operand], bin.DivMethodOptions>): this { bin.inplace.divide_(this, args); return this; }
  true_divide_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.true_divide_(this, args); return this; }
  floor_divide_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.floor_divide_(this, args); return this; }
  remainder_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.remainder_(this, args); return this; }
  fmod_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.fmod_(this, args); return this; }
  pow_(...args: PyArgs<[exponent: Operand], { exponent?: Operand }>): this { bin.inplace.pow_(this, args); return this; }
  atan2_(...args: PyArgs<[other: Tensor], bin.OtherOptions>): this { bin.inplace.atan2_(this, args); return this; }
  arctan2_(...args: PyArgs<[other: Tensor], bin.OtherOptions>): this { bin.inplace.arctan2_(this, args); return this; }
  eq_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.eq_(this, args); return this; }
  ne_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.ne_(this, args); return this; }
  lt_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.lt_(this, args); return this; }
  le_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.le_(this, args); return this; }
  gt_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.gt_(this, args); return this; }
  ge_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.ge_(this, args); return this; }
  greater_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.greater_(this, args); return this; }
  less_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.less_(this, args); return this; }
  greater_equal_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.greater_equal_(this, args); return this; }
  less_equal_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.less_equal_(this, args); return this; }
  not_equal_(...args: PyArgs<[other: Operand], bin.OtherOptions>): this { bin.inplace.not_equal_(this, args); return this; }
  logical_and_(...args: PyArgs<[other: Tensor], bin.OtherOptions>): this { bin.inplace.logical_and_(this, args); return this; }
  logical_or_(...args: PyArgs<[other: Tensor], bin.OtherOptions>): this { bin.inplace.logical_or_(this, args); return this; }
  logical_xor_(...args: PyArgs<[other: Tensor], bin.OtherOptions>): this { bin.inplace.logical_xor_(this, args); return this; }
  clamp(...args: PyArgs<[min?: sel.ClampBound, max?: sel.ClampBound], sel.ClampMethodOptions>): Tensor { return sel.clamp.method(this, args); }
  clip(...args: PyArgs<[min?: sel.ClampBound, max?: sel.ClampBound], sel.ClampMethodOptions>): Tensor { return sel.clip.method(this, args); }
  clamp_min(...args: PyArgs<[min: NumberLike], sel.ClampMethodOptions>): Tensor { return sel.clamp_min.method(this, args); }
  clamp_max(...args: PyArgs<[max: NumberLike], sel.ClampMethodOptions>): Tensor { return sel.clamp_max.method(this, args); }
  clamp_(...args: PyArgs<[min?: sel.ClampBound, max?: sel.ClampBound], sel.ClampMethodOptions>): this { sel.clamp_.method(this, args); return this; }
  clip_(...args: PyArgs<[min?: sel.ClampBound, max?: sel.ClampBound], sel.ClampMethodOptions>): this { sel.clip_.method(this, args); return this; }
  clamp_min_(...args: PyArgs<[min: NumberLike], sel.ClampMethodOptions>): this { sel.clamp_min_.method(this, args); return this; }
  clamp_max_(...args: PyArgs<[max: NumberLike], sel.ClampMethodOptions>): this { sel.clamp_max_.method(this, args); return this; }
  masked_fill(...args: PyArgs<[mask: Tensor, value: NumberLike], sel.MaskedFillMethodOptions>): Tensor { return sel.masked_fill.method(this, args); }
  masked_fill_(...args: PyArgs<[mask: Tensor, value: NumberLike], sel.MaskedFillMethodOptions>): this { sel.masked_fill_(this, args); return this; }
  where(...args: PyArgs<[condition: Tensor, other: Operand], { condition?: Tensor; other?: Operand }>): Tensor { return sel.whereMethod(this, args); }
  tril(...args: PyArgs<[diagonal?: number], tri.TriangleMethodOptions>): Tensor { return tri.tril.method(this, args); }
  triu(...args: PyArgs<[diagonal?: number], tri.TriangleMethodOptions>): Tensor { return tri.triu.method(this, args); }
  tril_(...args: PyArgs<[diagonal?: number], tri.TriangleMethodOptions>): this { tri.tril_(this, args); return this; }
  triu_(...args: PyArgs<[diagonal?: number], tri.TriangleMethodOptions>): this { tri.triu_(this, args); return this; }
  repeat_interleave(...args: PyArgs<[repeats: Tensor | number, dim?: number | null], rep.RepeatInterleaveMethodOptions>): Tensor { return rep.repeatInterleaveMethod(this, args); }

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
  // Sparse views of this tensor's nonzero elements (SparseTensor, sparse.ts).
  to_sparse(...args: PyArgs<[sparse_dim?: number], { layout?: string | null; blocksize?: number[] | null; dense_dim?: number | null }>): SparseTensor {
    return toSparse.to_sparse(this, args);
  }
  to_sparse_coo(...args: PyArgs<[], object>): SparseTensor { return toSparse.to_sparse_coo(this, args); }
  to_sparse_csr(...args: PyArgs<[dense_dim?: number | null], { dense_dim?: number | null }>): SparseTensor { return toSparse.to_sparse_csr(this, args); }
  to_sparse_csc(...args: PyArgs<[dense_dim?: number | null], { dense_dim?: number | null }>): SparseTensor { return toSparse.to_sparse_csc(this, args); }
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
  uniform_(...args: PyArgs<[from?: number, to?: number], rnd.UniformOptions>): this { rnd.fills.uniform_(this, args); return this; }
  normal_(...args: PyArgs<[mean?: number, std?: number], rnd.NormalMethodOptions>): this { rnd.fills.normal_(this, args); return this; }
  random_(...args: PyArgs<[from?: Int, to?: Int | null], rnd.RandomMethodOptions>): this { rnd.fills.random_(this, args); return this; }
  bernoulli_(...args: PyArgs<[p?: number | Tensor], rnd.BernoulliMethodOptions>): this { rnd.fills.bernoulli_(this, args); return this; }
  bernoulli(...args: PyArgs<[p?: number], rnd.BernoulliMethodOptions>): Tensor { return rnd.bernoulli.method(this, args); }
  exponential_(...args: PyArgs<[lambd?: number], rnd.ExponentialOptions>): this { rnd.fills.exponential_(this, args); return this; }

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
const toCpuSig = defineMethod('to_cpu', 'to_cpu(Tensor self)', {
  differs: "wick's own asynchronous move to the CPU (PyTorch's x.cpu() reads device memory synchronously)",
});
const itemSig = defineMethod('item', 'item(Tensor self)');

/**
 * A CPU tensor's elements in logical order, as a new typed array (float16 and bfloat16 widened to
 * Float32Array): how wick's own code reads values synchronously. `method` names the caller in the
 * error for a tensor on another device.
 */
export function hostValues(t: Tensor, method = 'hostValues'): TypedArray {
  if (t.device !== 'cpu') {
    throw new DeviceError(`${method}() reads CPU tensors synchronously; this tensor is on '${t.device}': use await tensor.read()`);
  }
  const raw = backendFor('cpu').readSync!(t);
  return storedAsBits(t.dtype) ? widenBits(t.dtype, raw) : raw;
}

/** float16, bfloat16 and float8: held as bits, read as Float32Array. */
const storedAsBits = (d: DType): boolean => isReducedFloat(d) || isFloat8(d);

function widenBits(dtype: DType, bits: TypedArray): Float32Array {
  const out = new Float32Array(bits.length);
  if (isFloat8(dtype)) {
    const table = float8Table(dtype);
    for (let i = 0; i < bits.length; i++) out[i] = table[bits[i] as number]!;
    return out;
  }
  const toNumber = dtype === 'float16' ? halfBitsToNumber : bfloat16BitsToNumber;
  for (let i = 0; i < bits.length; i++) out[i] = toNumber(bits[i] as number);
  return out;
}

/**
 * A one-element tensor's value where a real number is required (an index, a bound): a complex
 * tensor's value is refused, as PyTorch refuses converting a complex to a real scalar.
 */
export function realItem(t: Tensor): number | bigint | boolean {
  const v = t.item();
  if (v instanceof Complex) throw new ValueError(`value cannot be converted to type double without overflow`);
  return v;
}

/** Element i of host values (complex: the pair at 2i) as item() gives it. */
function toItem(dtype: DType, values: TypedArray, i: number): Item {
  if (isComplex(dtype)) return new Complex(values[2 * i] as number, values[2 * i + 1] as number);
  const v = values[i]!;
  if (dtype === 'bool') return v !== 0;
  if (typeof v === 'bigint') return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
  return v;
}
