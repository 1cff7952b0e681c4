import { type DType, isComplex, isFloat8, isWideUnsigned, promote_types, scalarName } from '../dtype.js';
import { DTypeError, type PyTorchErrorType } from '../errors.js';
import type { Tensor } from '../tensor.js';

// Which ops take the dtypes with few kernels (complex, uint16/32/64, float8), checked once before
// an op runs (table.ts): PyTorch's own refusal where PyTorch has no kernel for the dtype, wick's
// where PyTorch has one and wick does not yet. Every other op on these dtypes runs.

type Family = 'complex' | 'uint' | 'float8';

/** Ops that only view or move elements: every dtype, on every family. */
const MOVES = new Set([
  '_to_copy', 'copy_', 'fill_', 'clone', 'alias', 'as_strided', 'view', 'transpose', 't', 'permute', 'expand', 'slice', 'select',
  'unsqueeze', 'squeeze', 'cat', 'index', 'where', 'eq', 'ne',
]);

/** The binary elementwise ops, which promote their operands first. */
const PROMOTING = new Set([
  'add', 'sub', 'mul', 'div', 'div_trunc', 'div_floor', 'remainder', 'fmod', 'pow', 'atan2', 'maximum', 'minimum', 'lt', 'le', 'gt', 'ge',
  'logical_and', 'logical_or', 'logical_xor',
]);

/** What wick runs beyond MOVES, per family (PyTorch's support, as far as wick implements it). */
const WICK: Record<Family, ReadonlySet<string>> = {
  complex: new Set(['index_select', 'gather', 'index_put', 'flip', 'roll', 'add', 'sub', 'mul', 'div', 'neg', 'abs', 'conj', 'angle', 'exp', 'log', 'sqrt', 'sum', 'mean', 'mm', 'bmm']),
  // PyTorch computes these in float32 for uint16/32/64, as wick's float rule does.
  uint: new Set([
    'roll', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos', 'tan', 'tanh', 'sigmoid',
    'erf', 'div', 'atan2',
  ]),
  float8: new Set(['index_select', 'roll']),
};

/**
 * PyTorch's refusals: the message (with {T} for the scalar type name) and its Python type, per
 * op and family. Probed on PyTorch 2.13's CPU kernels.
 */
const NI = 'NotImplementedError';
const RE = 'RuntimeError';
const kernel = (name: string): [string, PyTorchErrorType] => [`"${name}" not implemented for '{T}'`, NI];
type Refusals = Partial<Record<Family, [string, PyTorchErrorType]>>;
const barebones = (name: string, complex?: [string, PyTorchErrorType]): Refusals => ({
  uint: kernel(name), float8: kernel(name), ...(complex ? { complex } : {}),
});
const everywhere = (name: string): Refusals => barebones(name, kernel(name));

const REFUSED: Readonly<Record<string, Refusals>> = {
  neg: barebones('neg_cpu'),
  abs: { uint: kernel('abs_cpu') },
  sign: barebones('sign_cpu', ['Unlike NumPy, torch.sign is not intended to support complex numbers. Please use torch.sgn instead.', NI]),
  relu: barebones('clamp_min_scalar_cpu', ['clamp is not supported for complex types', NI]),
  square: barebones('pow'),
  pow: barebones('pow'),
  logical_not: barebones('logical_not_cpu'),
  add: barebones('add_stub'),
  sub: barebones('add_stub'),
  remainder: everywhere('remainder_cpu'),
  fmod: everywhere('fmod_cpu'),
  maximum: barebones('maximum_cpu', ['maximum not implemented for complex tensors.', RE]),
  minimum: barebones('minimum_cpu', ['minimum not implemented for complex tensors.', RE]),
  lt: everywhere('lt_cpu'),
  le: everywhere('le_cpu'),
  gt: everywhere('gt_cpu'),
  ge: everywhere('ge_cpu'),
  logical_and: barebones('logical_and_cpu'),
  logical_or: barebones('logical_or_cpu'),
  logical_xor: barebones('logical_xor_cpu'),
  div_trunc: everywhere('div_trunc_cpu'),
  div_floor: everywhere('div_floor_cpu'),
  flip: barebones('flip_cpu'),
  bmm: barebones('bmm'),
  softmax: everywhere('softmax_lastdim_kernel_impl'),
  log_softmax: everywhere('log_softmax_lastdim_kernel_impl'),
  max: everywhere('max_all'),
  min: everywhere('min_all'),
  max_dim: barebones('max_cpu', ['max(): does not support complex input', RE]),
  min_dim: barebones('min_cpu', ['min(): does not support complex input', RE]),
  amax: everywhere('max_values_cpu'),
  amin: everywhere('min_values_cpu'),
  argmax: barebones('argmax_cpu', ['argmax(): does not support complex input', RE]),
  argmin: barebones('argmin_cpu', ['argmin(): does not support complex input', RE]),
  topk: barebones('topk_cpu', [' topk does not support complex dtypes on CPU', RE]),
  sort: { complex: [' Sort does not support complex dtypes on CPU', RE], float8: kernel('sorting_kernel_method_name') },
  index_select: { uint: kernel('index_select') },
  gather: { uint: kernel('scatter_gather_tensor_cpu'), float8: kernel('gather_expanded_index') },
  scatter: barebones('scatter_gather_tensor_cpu'),
  scatter_value: barebones('scatter_gather_scalar_cpu'),
  scatter_add: barebones('scatter_gather_tensor_cpu'),
  index_put: { uint: kernel('index_put') },
  nonzero: barebones('nonzero_count_cpu'),
  masked_select: { uint: kernel('masked_select') },
  masked_scatter: barebones('masked_scatter'),
  masked_fill: barebones('masked_fill'),
  clamp: barebones('clamp_scalar_cpu', ['clamp is not supported for complex types', NI]),
  uniform_: barebones('check_uniform_bounds'),
  normal_: barebones('normal_kernel_cpu'),
  bernoulli_: everywhere('bernoulli_scalar_cpu_'),
  geometric_: everywhere('geometric_cpu'),
  log_normal_: everywhere('log_normal_cpu'),
  poisson: everywhere('poisson_cpu'),
  erf: { float8: kernel('erf_vml_cpu'), complex: kernel('erf_vml_cpu') },
  floor: { float8: kernel('floor_vml_cpu'), complex: ['floor is not supported for complex inputs', NI] },
  ceil: { float8: kernel('ceil_vml_cpu'), complex: ['ceil is not supported for complex inputs', NI] },
  trunc: { float8: kernel('trunc_vml_cpu'), complex: ['trunc is not supported for complex inputs', NI] },
  round: { float8: kernel('round_vml_cpu'), complex: kernel('round_vml_cpu') },
  atan2: { float8: kernel('atan2_cpu'), complex: kernel('atan2_cpu') },
  div: { float8: kernel('div_cpu') },
  sum: { float8: kernel('sum_cpu') },
  prod: { float8: kernel('prod_out_cpu') },
  cumsum: { float8: kernel('cumsum_out_cpu') },
  cumprod: { float8: kernel('cumprod_out_cpu') },
  logsumexp: { float8: kernel('max_values_cpu') },
  random_: { float8: kernel('random_update_from_to'), complex: ['check_random_bounds handles only integral, floating-point and boolean types', RE] },
  mean: {
    uint: ['mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {T}', RE],
    float8: kernel('sum_cpu'),
  },
  var: { uint: ['std and var only support floating point and complex dtypes', RE], float8: ['std_var_all: Unsupported dtype {T}', RE] },
  std: { uint: ['std and var only support floating point and complex dtypes', RE], float8: ['std_var_all: Unsupported dtype {T}', RE] },
  // The float8 unary kernels PyTorch lacks (it widens uint16/32/64 to float for these).
  ...Object.fromEntries(
    ['exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'sin', 'cos', 'tan', 'tanh'].map((op) => [op, { float8: kernel(`${op}_vml_cpu`) }]),
  ),
  rsqrt: { float8: kernel('rsqrt_cpu') },
  reciprocal: { float8: kernel('reciprocal_cpu') },
  sigmoid: { float8: kernel('sigmoid_cpu_reduced_float') },
};

/** Per-dtype exceptions to REFUSED's family rows. */
function refusal(op: string, d: DType, family: Family): [string, PyTorchErrorType] | undefined {
  if (d === 'float8_e8m0fnu' && (op === 'abs' || op === 'index_put')) return kernel(op === 'abs' ? 'abs_cpu' : 'index_put');
  if (op === 'isinf' && isFloat8(d) && d !== 'float8_e5m2') return kernel('isinf');
  if (op === 'isfinite' && isFloat8(d) && d !== 'float8_e5m2' && d !== 'float8_e8m0fnu') return kernel('isfinite');
  return REFUSED[op]?.[family];
}

function familyOf(d: DType): Family | null {
  if (isComplex(d)) return 'complex';
  if (isWideUnsigned(d)) return 'uint';
  if (isFloat8(d)) return 'float8';
  return null;
}

/** Refuses an op on an input of a dtype the op has no kernel for, in PyTorch's words where it has them. */
export function checkDTypeSupport(op: string, inputs: readonly Tensor[]): void {
  if (MOVES.has(op)) return;
  // NOTE: PyTorch promotes before it looks for a kernel: uint16 + int8 is a promotion error.
  if (PROMOTING.has(op) && inputs.length === 2 && !inputs[0]!.wrappedNumber && !inputs[1]!.wrappedNumber) {
    promote_types(inputs[0]!.dtype, inputs[1]!.dtype);
  }
  for (const t of inputs) {
    const family = familyOf(t.dtype);
    if (family === null || WICK[family].has(op)) continue;
    const refused = refusal(op, t.dtype, family);
    if (refused) throw new DTypeError(refused[0].replace('{T}', scalarName(t.dtype)), refused[1]);
    throw new DTypeError(`wick does not implement ${op} for ${scalarName(t.dtype)} tensors yet (PyTorch does)`, 'NotImplementedError');
  }
}

