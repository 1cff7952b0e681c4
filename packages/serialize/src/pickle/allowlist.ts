// The globals PyTorch 2.13's weights_only unpickler allows (torch/_weights_only_unpickler.py,
// _get_allowed_globals: 144 names), its blocked modules, and torch's mapping of Python 2 names.
// A GLOBAL outside this list is refused by name before anything else happens.

import { UnpicklingError } from '../errors.js';

const dtypeNames = [
  'float64', 'float32', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool',
  'complex128', 'complex64', 'complex32', 'qint8', 'qint32', 'quint8', 'quint4x2', 'quint2x4',
  'float8_e5m2', 'float8_e4m3fn', 'float8_e5m2fnuz', 'float8_e4m3fnuz', 'float8_e8m0fnu', 'float4_e2m1fn_x2',
  'bits8', 'bits16', 'bits1x8', 'bits2x4', 'bits4x2', 'uint16', 'uint32', 'uint64',
  'uint1', 'uint2', 'uint3', 'uint4', 'uint5', 'uint6', 'uint7', 'int1', 'int2', 'int3', 'int4', 'int5', 'int6', 'int7',
];
const denseTensor = ['BFloat16', 'Bool', 'Byte', 'Char', 'Double', 'Float', 'Half', 'Int', 'Long', 'Short'];
const sparseTensor = ['BFloat16', 'Byte', 'Char', 'Double', 'Float', 'Half', 'Int', 'Long', 'Short'];
const cpuStorage = [...denseTensor, 'ComplexDouble', 'ComplexFloat', 'QInt32', 'QInt8', 'QUInt2x4', 'QUInt4x2', 'QUInt8'];
const cudaStorage = [...denseTensor, 'ComplexDouble', 'ComplexFloat'];
const rebuildFunctions = [
  '_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_parameter', '_rebuild_parameter_with_state',
  '_rebuild_qtensor', '_rebuild_sparse_tensor', '_rebuild_nested_tensor', '_rebuild_meta_tensor_no_storage',
  '_rebuild_wrapper_subclass', '_rebuild_device_tensor_from_cpu_tensor', '_rebuild_device_tensor_from_numpy',
];

export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  'collections.OrderedDict', 'collections.Counter', 'torch.nn.parameter.Parameter', 'torch.serialization._get_layout',
  'torch.Size', 'torch.Tensor', 'torch.device', '_codecs.encode', 'builtins.bytearray', 'builtins.set', 'builtins.complex',
  ...dtypeNames.map((d) => `torch.${d}`),
  ...denseTensor.flatMap((t) => [`torch.${t}Tensor`, `torch.cuda.${t}Tensor`]),
  ...sparseTensor.flatMap((t) => [`torch.sparse.${t}Tensor`, `torch.cuda.sparse.${t}Tensor`]),
  ...cpuStorage.map((s) => `torch.${s}Storage`),
  ...cudaStorage.map((s) => `torch.cuda.${s}Storage`),
  'torch.storage.TypedStorage', 'torch.storage.UntypedStorage',
  'torch.per_tensor_affine', 'torch.per_tensor_symmetric', 'torch.per_channel_affine', 'torch.per_channel_symmetric',
  'torch.per_channel_affine_float_qparams',
  ...rebuildFunctions.map((f) => `torch._utils.${f}`),
  'torch._tensor._rebuild_from_type_v2',
]);

/** `torch.<name>` globals that are dtype objects: loading one gives its name. */
export const DTYPE_GLOBALS: ReadonlySet<string> = new Set(dtypeNames);

const BLOCKED_MODULES: ReadonlySet<string> = new Set(['sys', 'os', 'posix', 'nt']);

// torch._utils.IMPORT_MAPPING and NAME_MAPPING: the Python 2 names torch maps before checking
// (protocol 2 writes `__builtin__`). NOTE: torch's tables, not Python's larger _compat_pickle ones:
// `commands.getoutput` stays `commands.getoutput` in torch's refusal.
const IMPORT_MAPPING: Readonly<Record<string, string>> = {
  __builtin__: 'builtins', copy_reg: 'copyreg', Queue: 'queue', repr: 'reprlib', _abcoll: 'collections.abc',
  UserDict: 'collections', UserList: 'collections', UserString: 'collections', whichdb: 'dbm', StringIO: 'io',
  cStringIO: 'io',
};
const NAME_MAPPING: Readonly<Record<string, string>> = {
  '__builtin__.xrange': 'builtins.range', '__builtin__.reduce': 'functools.reduce', '__builtin__.intern': 'sys.intern',
  '__builtin__.unichr': 'builtins.chr', '__builtin__.unicode': 'builtins.str', '__builtin__.long': 'builtins.int',
  'itertools.izip': 'builtins.zip', 'itertools.imap': 'builtins.map', 'itertools.ifilter': 'builtins.filter',
  'itertools.ifilterfalse': 'itertools.filterfalse', 'itertools.izip_longest': 'itertools.zip_longest',
  'UserDict.IterableUserDict': 'collections.UserDict', 'UserList.UserList': 'collections.UserList',
  'UserString.UserString': 'collections.UserString', '__builtin__.basestring': 'builtins.str',
  'exceptions.StandardError': 'builtins.Exception', 'UserDict.UserDict': 'collections.UserDict',
};

// Globals for which PyTorch explains which module must be imported first.
const NJT_GLOBALS: ReadonlySet<string> = new Set([
  'torch.nested._internal.nested_tensor.NestedTensor', 'torch.nested._internal.nested_tensor._rebuild_njt',
  'torch._dynamo.decorators._DimRange',
]);
const DTENSOR_GLOBALS: ReadonlySet<string> = new Set([
  'torch.distributed.device_mesh.DeviceMesh', 'torch.distributed.tensor._dtensor_spec.DTensorSpec',
  'torch.distributed.tensor._dtensor_spec.TensorMeta', 'torch.distributed.tensor.DTensor',
  'torch.distributed.tensor.placement_types.Partial', 'torch.distributed.tensor.placement_types.Replicate',
  'torch.distributed.tensor.placement_types.Shard',
]);

/** (module, name) after Python's mapping of Python 2 names, as torch applies it. */
export function mapPython2Name(module: string, name: string): [string, string] {
  const mapped = NAME_MAPPING[`${module}.${name}`];
  if (mapped !== undefined) {
    const dot = mapped.lastIndexOf('.');
    return [mapped.slice(0, dot), mapped.slice(dot + 1)];
  }
  return [Object.hasOwn(IMPORT_MAPPING, module) ? IMPORT_MAPPING[module]! : module, name];
}

/** Throws PyTorch's refusal for a global outside the allowlist (its messages, its order of checks). */
export function checkGlobal(module: string, name: string): string {
  const full = `${module}.${name}`;
  if (BLOCKED_MODULES.has(module)) {
    throw new UnpicklingError(`Trying to load unsupported GLOBAL ${full} whose module ${module} is blocked.`);
  }
  if (ALLOWED_GLOBALS.has(full)) return full;
  if (NJT_GLOBALS.has(full)) {
    throw new UnpicklingError('``torch.nested`` and ``torch._dynamo`` must be imported to load nested jagged tensors (NJTs)');
  }
  if (DTENSOR_GLOBALS.has(full)) {
    throw new UnpicklingError('``torch.distributed.tensor`` must be imported to load DTensors');
  }
  // PyTorch strips a leading "builtins." in its message: `GLOBAL eval`.
  const shown = full.startsWith('builtins.') ? full.slice('builtins.'.length) : full;
  throw new UnpicklingError(
    `Unsupported global: GLOBAL ${shown} was not an allowed global by default. ` +
      'wick loads only the globals of PyTorch\'s weights_only allowlist and never runs code from a file.',
  );
}
