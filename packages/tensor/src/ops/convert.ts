import { TorchDevice, backendFor, parseDevice, readDevice } from '../device.js';
import { type DType, get_default_dtype, isDType, legacyTypeName, typeNameDType } from '../dtype.js';
import { DeviceError, ValueError } from '../errors.js';
import { broadcastShapes, isContiguous } from '../shape.js';
import type { Bound } from '../signature/bind.js';
import { defineFunction } from '../signature/declare.js';
import type { PyArgs } from '../signature/py-args.js';
import type { Device } from '../storage.js';
import { Tensor } from '../tensor.js';
import { defineTensorMethod } from './define.js';
import { devicesMessage, isCpuScalar } from './device-check.js';
import { checkOutShape, empty, emptyLike, wrapScalar } from './helpers.js';
import { type NumberArg, checkScalarFits, fillValue } from './scalars.js';
import { defineOp } from './table.js';
import type { NumberLike } from './binary.js';

// Conversions and copies: Tensor.to (every PyTorch overload), type, float/double/..., cpu, copy_,
// fill_ and zero_.

export type MemoryFormat = 'preserve_format' | 'contiguous_format';

interface ToCopyAttrs {
  dtype: DType;
  device: Device;
  /** memory_format=torch.contiguous_format: a contiguous result rather than x's layout. */
  contiguous?: boolean;
}

const toCopyOp = defineOp<ToCopyAttrs>('_to_copy', ([x], { dtype, device, contiguous }) => {
  if (device === x!.device) {
    const out = contiguous ? empty(x!.shape, dtype, device) : emptyLike(x!, dtype);
    backendFor(device).copy(x!, out);
    return out;
  }
  // Across devices the values travel through the host in logical order; reading another device
  // is asynchronous, so only CPU -> device moves are synchronous.
  if (x!.device !== 'cpu') throw new DeviceError(syncReadMessage(x!.device, device));
  const out = empty(x!.shape, dtype, device);
  const staged = dtype === x!.dtype ? x! : convert(x!, dtype, 'cpu');
  backendFor(device).write(out, backendFor('cpu').readSync!(staged));
  return out;
});

/** Why a device -> CPU move cannot happen synchronously, and the asynchronous ways that can. */
function syncReadMessage(from: Device, to: Device): string {
  return `copying a '${from}' tensor to '${to}' synchronously is not possible: reading device memory is asynchronous; `
    + 'use await tensor.to_cpu() (or await torch.to_cpu(value) for a state_dict) or await tensor.read()';
}

/**
 * x converted to dtype and device (the internal form of x.to): x itself when both already match,
 * unless `copy` or a contiguous result of a non-contiguous x is asked for.
 */
export function convert(x: Tensor, dtype: DType, device: Device, copy = false, format: MemoryFormat = 'preserve_format'): Tensor {
  const contiguous = format === 'contiguous_format';
  if (dtype === x.dtype && device === x.device && !copy && !(contiguous && !isContiguous(x.shape, x.strides))) return x;
  return toCopyOp.call([x], { dtype, device, contiguous });
}

/** The index a DeviceLike names ('cpu:0', torch.device('cpu', 0)), or null. */
function deviceIndex(d: string | TorchDevice): number | null {
  return (d instanceof TorchDevice ? d : parseDevice(d)).index;
}

// --- Tensor.to -------------------------------------------------------------------------------------

export interface ToOptions {
  dtype?: DType | null;
  device?: string | TorchDevice | null;
  other?: Tensor;
  non_blocking?: boolean;
  copy?: boolean;
  memory_format?: MemoryFormat | null;
}
type ToFlags = [non_blocking?: boolean, copy?: boolean];
export type ToArgs =
  | PyArgs<[dtype: DType, ...ToFlags], ToOptions>
  | PyArgs<[device?: string | TorchDevice | null, dtype?: DType | null, ...ToFlags], ToOptions>
  | PyArgs<[other: Tensor, ...ToFlags], ToOptions>;

/**
 * x.to(dtype), x.to(device, dtype), x.to(other): PyTorch's three overloads, tried in that order
 * (a dtype first, as wick's dtypes are strings too). non_blocking has nothing to wait for on the
 * CPU; it is accepted, as PyTorch accepts it there.
 */
export const to = defineTensorMethod(
  'to',
  [
    'to(Tensor input, ScalarType dtype, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)',
    'to(Tensor input, DeviceLike? device=None, ScalarType? dtype=None, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)',
    'to(Tensor input, Tensor other, bool non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)',
  ],
  (a): Tensor => {
    const x = a.input as Tensor;
    const target: Tensor | null = a.other ?? null;
    const dtype: DType = target?.dtype ?? a.dtype ?? x.dtype;
    const device: Device = target?.device ?? readDevice(a.device ?? null) ?? x.device;
    // NOTE: a device with an index ('cpu:0') is not the tensor's own (which has none): a copy, as in PyTorch.
    const indexed = a.device !== undefined && a.device !== null && deviceIndex(a.device) !== null;
    return convert(x, dtype, device, a.copy || indexed, a.memory_format ?? 'preserve_format');
  },
);

// --- type and the dtype shorthands -------------------------------------------------------------------

/**
 * The dtype a type() argument names: a dtype, a legacy type name ('torch.FloatTensor'), or a
 * legacy constructor (torch.FloatTensor, torch.Tensor for the default dtype).
 */
function typeArgDType(v: unknown): DType {
  if (typeof v === 'string') {
    if (isDType(v)) return v;
    const named = typeNameDType(v);
    if (named === null) throw new ValueError(`invalid type: '${v}'`, 'ValueError');
    return named;
  }
  const dtype = (v as { dtype?: unknown }).dtype;
  if (isDType(dtype)) return dtype;
  if ((v as { name?: unknown }).name === 'Tensor') return get_default_dtype();
  throw new ValueError('dtype must be a type, str, or dtype object', 'TypeError');
}

export type TypeFn = {
  (options?: { dtype?: null; non_blocking?: boolean }): string;
  (...args: PyArgs<[dtype: DType | string | ((...args: never[]) => Tensor), non_blocking?: boolean], { dtype?: unknown; non_blocking?: boolean }>): Tensor;
};

/** x.type(): the legacy type name ('torch.FloatTensor'); x.type(dtype): x converted to dtype. */
export const type = defineTensorMethod(
  'type', 'type(Tensor input, Value? dtype=None, bool non_blocking=False)',
  (a): Tensor | string => {
    const x = a.input as Tensor;
    if (a.dtype === null) return legacyTypeName(x.dtype);
    return convert(x, typeArgDType(a.dtype), x.device);
  },
  { leftOut: "the stub's second form, type(dtype, non_blocking), is this one with dtype given: PyTorch's parser declares one" },
);

function shorthand(name: string, dtype: DType) {
  return defineTensorMethod(
    name, `${name}(Tensor input, *, MemoryFormat memory_format=preserve_format)`,
    (a) => convert(a.input, dtype, a.input.device, false, a.memory_format),
    { differs: `PyTorch's stub lists no parameters, but its method takes memory_format by keyword (x.${name}(memory_format=torch.contiguous_format))` },
  );
}

/** x.float(), x.double(), ...: x converted to that dtype (x itself when it already has it). */
export const shorthands = {
  float: shorthand('float', 'float32'),
  double: shorthand('double', 'float64'),
  half: shorthand('half', 'float16'),
  bfloat16: shorthand('bfloat16', 'bfloat16'),
  long: shorthand('long', 'int64'),
  int: shorthand('int', 'int32'),
  short: shorthand('short', 'int16'),
  char: shorthand('char', 'int8'),
  byte: shorthand('byte', 'uint8'),
  bool: shorthand('bool', 'bool'),
};

/** x.cpu(): x on the CPU (x itself when it is there). */
export const cpu = defineTensorMethod(
  'cpu', 'cpu(Tensor input, *, MemoryFormat memory_format=preserve_format)',
  (a) => convert(a.input, a.input.dtype, 'cpu', false, a.memory_format),
  { differs: "PyTorch's stub lists memory_format as positional, but its method takes it by keyword only (x.cpu(1) raises)" },
);

// --- copy_, fill_, zero_ -------------------------------------------------------------------------------

// NOTE: copy_ copies across devices, as PyTorch's does: CPU -> device at once; device -> CPU would
// read device memory, which only the asynchronous ways can (to_cpu, read).
const copyOp = defineOp<object>('copy_', ([self, src], _attrs, out) => {
  const target = out ?? empty(self!.shape, self!.dtype, self!.device);
  checkOutShape(broadcastShapes(self!.shape, src!.shape), self!);
  backendFor(self!.device).copy(src!.device === self!.device ? src! : convert(src!, src!.dtype, self!.device), target);
  return target;
}, { check: ([self, src]) => checkCopyDevices(self!, src!), devices: 'own' });

function checkCopyDevices(self: Tensor, src: Tensor): void {
  if (src.device !== self.device && src.device !== 'cpu') throw new DeviceError(syncReadMessage(src.device, self.device));
}

/** self.copy_(src): src broadcast to self's shape and converted to self's dtype, in place. */
export function copyInto(self: Tensor, src: Tensor): Tensor {
  return copyOp.callInplace([self, src], {});
}

/** x.copy_(src, non_blocking): PyTorch also takes a number for src. */
export const copy_ = defineTensorMethod(
  'copy_', 'copy_(Tensor input, TensorOrNumber other, bool non_blocking=False)',
  (a) => {
    const src: Tensor | number | bigint | boolean = a.other;
    const self = a.input as Tensor;
    return copyInto(self, src instanceof Tensor ? src : wrapScalar(src, self.device));
  },
);

const fillOp = defineOp<object>('fill_', ([self, value], _attrs, out) => {
  const target = out ?? empty(self!.shape, self!.dtype, self!.device);
  backendFor(self!.device).copy(value!, target);
  return target;
});

/**
 * An operand on an op's device: a CPU scalar (a Python number or a 0-dim CPU tensor, which
 * PyTorch's elementwise ops and fill_ take beside device tensors) is copied there, which is
 * synchronous from the CPU; through the op table, so that a gradient can reach it. `dtype`, when
 * given, is the dtype the op computes in: the scalar is converted to it on the CPU first, as the
 * op would convert it anyway (so a float scalar, held in float64, reaches a device that has no
 * float64 as the float32 the kernel uses).
 */
export function onDevice(t: Tensor, device: Device, dtype: DType = t.dtype): Tensor {
  if (t.device === device) return t;
  if (!isCpuScalar(t)) throw new DeviceError(devicesMessage(device, t.device));
  const moved = convert(t, dtype, device);
  moved.wrappedNumber = t.wrappedNumber;
  return moved;
}

/**
 * self.fill_(value): a 0-dim tensor's value is copied as it is (PyTorch does not check it), a
 * number is converted with PyTorch's overflow check (NaN into an integer tensor is an error).
 * PyTorch skips the overlap check here: an expanded tensor can be filled.
 */
export function fillWith(self: Tensor, value: NumberArg): Tensor {
  let v: Tensor;
  if (value instanceof Tensor && !value.wrappedNumber) {
    if (value.ndim !== 0) throw new ValueError(`fill_ only supports 0-dimension value tensor but got tensor with ${value.ndim} dimensions.`);
    v = value;
  } else {
    // NOTE: PyTorch fills a one-element CPU tensor without checking float16/bfloat16 (too large is inf).
    checkScalarFits(value, self.dtype, self.numel() !== 1);
    v = empty([], self.dtype, self.device);
    backendFor(self.device).fill(v, fillValue(value));
    // A number, as the op table's overlap rule for fill_ tells it from a tensor value.
    v.wrappedNumber = true;
  }
  return fillOp.callInplace([self, onDevice(v, self.device, self.dtype)], {});
}

export type FillFn = (...args: PyArgs<[input: Tensor, value: NumberLike], { input?: Tensor; value?: NumberLike }>) => Tensor;
export type ZeroFn = (...args: PyArgs<[input: Tensor], { input?: Tensor }>) => Tensor;

/** torch.fill_(x, value) and x.fill_(value). */
export const fill_ = defineFunction<FillFn>(
  'fill_', ['fill_(Tensor input, Tensor value)', 'fill_(Tensor input, Number value)'], (a: Bound) => fillWith(a.input, a.value), { method: true },
);
/** torch.zero_(x) and x.zero_(). */
export const zero_ = defineFunction<ZeroFn>('zero_', 'zero_(Tensor input)', (a) => fillWith(a.input, 0), { method: true });
