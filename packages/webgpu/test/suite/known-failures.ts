// Cases that do not pass on the device, by fixture file and reason.
//
// KNOWN_FAILURES: cases that fail because of library code (packages/tensor, autograd, nn, optim)
// that does not yet keep to device discipline. They run with `it.fails`, so a fix makes them fail
// here: delete the entry then.
//
// NOT_ON_A_DEVICE: cases whose recorded PyTorch behaviour cannot hold on an asynchronous device by
// design (a synchronous read, a repr that shows values, an error that only a kernel reading the
// values could raise); they are skipped with the reason.

type Table = Record<string, Record<string, readonly string[]>>;

/** Why a recorded behaviour cannot hold on an asynchronous device. */
const ON_DEVICE_BY_DESIGN = {
  sync: 'item() and tolist() read values synchronously: a device gives them only through await read()',
  number:
    'a 0-dim tensor where PyTorch wants a number (a size, a fill value, alpha, k, an end point): PyTorch reads it ' +
    'with a synchronous .item(), which a device cannot do (wick refuses it, some calls with an ArgumentError ' +
    'rather than a DeviceError)',
  toCpu: "a synchronous move to the CPU (.cpu(), .to('cpu')): a device gives values back only through await read()",
  values:
    'an error whose condition depends on the values (an index out of range, an integer division by zero, a ' +
    "negative std or exponent, a NaN into an integer, a mask's count): only a kernel reading the values could " +
    'raise it, and device kernels do not raise',
  mask:
    'a boolean mask (x[mask], x[mask] = v, masked_select, nonzero, where(condition)): the shape of the result, or ' +
    'the positions written, come from the values through nonzero, a synchronous read',
  repr:
    "repr shows the values, which a device tensor cannot give synchronously (PyTorch's repr of a GPU tensor also " +
    'names its device)',
  rng: 'the RNG state is a CPU tensor in PyTorch: set_rng_state refuses any other',
  counts:
    "repeat_interleave with a repeats tensor and no output_size: the result's size is the sum of the " +
    'repeats, which PyTorch reads synchronously (on a device, pass output_size)',
};

/** Empty now: every case that library code failed on the device passes. Keep adding with a reason. */
export const KNOWN_FAILURES: Table = {};

export const NOT_ON_A_DEVICE: Table = {
  'autograd/ops.msgpack': {
    [ON_DEVICE_BY_DESIGN.counts]: ['repeat_interleave/float32/tensor'],
  },
  'autograd/getitem.msgpack': {
    [ON_DEVICE_BY_DESIGN.mask]: [
      'getitem/float32/mask', 'getitem/float32/mask_2d', 'index_put/float32/mask_one_value',
      'masked_select/float32', 'masked_select/float32/broadcast_self', 'masked_scatter/float32',
      'setitem_mask/float32',
    ],
  },
  'tensor/binary.msgpack': {
    [ON_DEVICE_BY_DESIGN.values]: [
      'div/int64/by_zero_trunc', 'floor_divide/int64/by_zero', 'pow/int64/negative_int_exponent',
      'remainder/int64/by_zero', 'fmod/int64/by_zero',
    ],
  },
  'tensor/creation.msgpack': {
    [ON_DEVICE_BY_DESIGN.sync]: [
      'item/float32', 'item/float16', 'item/int64_big', 'item/int32', 'item/bool', 'item/nan',
      'tolist/float32_matrix', 'tolist/int64', 'tolist/bool', 'tolist/uint8_3d', 'tolist/0-dim',
      'tolist/empty',
    ],
  },
  'tensor/elementwise_args.msgpack': {
    [ON_DEVICE_BY_DESIGN.number]: [
      'add/alpha_0-dim_tensors', 'add/alpha_float_tensor_int', 'clamp/number_and_0-dim_tensor',
      'clip/number_and_0-dim_tensor',
    ],
    [ON_DEVICE_BY_DESIGN.mask]: [
      'where/condition_only', 'where/condition_only_0-dim',
    ],
    [ON_DEVICE_BY_DESIGN.values]: [
      'masked_fill/nan_tensor_into_int64',
    ],
  },
  'tensor/errors.msgpack': {
    [ON_DEVICE_BY_DESIGN.values]: [
      'remainder/int_by_zero',
    ],
  },
  'tensor/factory_args.msgpack': {
    [ON_DEVICE_BY_DESIGN.number]: [
      'tensor/0-dim_tensor_elements', 'tensor/int_tensor_element_is_int64', 'zeros/0-dim_tensor_size',
      'ones/0-dim_tensor_size', 'full/float_tensor_value_is_float', 'full/int_tensor_value_is_int',
      'full_like/0-dim_tensor_value', 'arange/0-dim_int_tensor', 'arange/0-dim_float_tensor_is_float',
      'arange/0-dim_integral_float_tensor_is_float', 'arange/beyond_2^53_tensor',
      'linspace/0-dim_tensor_ends', 'linspace/0-dim_tensor_end', 'linspace/0-dim_tensor_start',
      'linspace/0-dim_int_tensor_ends', 'linspace/0-dim_tensor_steps', 'eye/0-dim_tensor',
      'size/0-dim_tensor_dim',
    ],
    [ON_DEVICE_BY_DESIGN.toCpu]: [
      'to/device', 'to/device_index', 'to/device_and_dtype_by_name', 'to/dtype_and_device_by_name',
      'cpu/method', 'cpu/memory_format',
    ],
    [ON_DEVICE_BY_DESIGN.values]: [
      'normal/negative_std_tensor',
    ],
    [ON_DEVICE_BY_DESIGN.rng]: [
      'set_rng_state/size',
    ],
  },
  'tensor/getitem.msgpack': {
    [ON_DEVICE_BY_DESIGN.number]: [
      'getitem/index_list/0dim_tensor_in_list', 'getitem/scalars/zero', 'getitem/scalars/zero_one', 'getitem/scalars/0_one', 'getitem/scalars/int32',
      'getitem/scalars/int16', 'getitem/scalars/uint8_true', 'getitem/multi_dim_bool_mask/list_zero',
      'getitem/multi_dim_bool_mask/list_t', 'getitem/multi_dim_bool_mask/list_f',
      'getitem/multi_dim_bool_mask/tensor_zero', 'getitem/multi_dim_bool_mask/tensor_t',
      'getitem/multi_dim_bool_mask/tensor_f', 'getitem/boolean_indexing_weirdness/tensors',
      'getitem/boolean_indexing_alldims/tensors', 'getitem/single_bool/tensor_true',
      'getitem/single_bool/uint8_false', 'getitem/index_scalar_with_bool_mask/uint8',
      'getitem/index_scalar_with_bool_mask/bool', 'getitem/bool/colon_0dim_false', 'getitem/bool/0_0dim_true',
      'setitem/bools_slices/uint8_true', 'setitem/bools_slices/uint8_false',
      'setitem/setitem_scalars/zero_tensor', 'setitem/setitem_scalars/1_zero',
    ],
    [ON_DEVICE_BY_DESIGN.mask]: [
      'getitem/bool_indices/mask', 'getitem/bool_indices/bool_tensor_of_bools', 'getitem/bool_indices/uint8',
      'getitem/multiple_bool_indices', 'getitem/multiple_byte_mask', 'getitem/byte_mask',
      'getitem/byte_mask/empty_result', 'getitem/byte_mask2d', 'getitem/multi_dim_bool_mask/tensor',
      'getitem/multi_dim_bool_mask/tensor_step', 'getitem/multi_dim_bool_mask/tensor_none',
      'getitem/multi_dim_bool_mask/tensor_0', 'getitem/multi_dim_bool_mask/tensor_true',
      'getitem/multi_dim_bool_mask/tensor_true4', 'getitem/multi_dim_bool_mask/tensor_false',
      'getitem/multi_dim_bool_mask/tensor_ttft', 'getitem/multi_dim_bool_mask/middle',
      'getitem/multi_dim_bool_mask/0_middle_step', 'getitem/multi_dim_bool_mask/ellipsis_middle_step',
      'getitem/multi_dim_bool_mask/none_ellipsis_middle_step', 'getitem/boolean_indexing_twodim',
      'getitem/boolean_indexing_twodim/row', 'getitem/boolean_indexing_onedim',
      'getitem/mask/2d_of_3d_then_int', 'getitem/mask/index_then_mask', 'getitem/mask/nan_and_negative_zero',
      'getitem/dtype/int64/mask', 'getitem/dtype/bool/mask', 'getitem/dtype/float16/mask',
      'getitem/dtype/bfloat16/mask', 'getitem/dtype/int8/mask', 'getitem/dtype/uint8/mask',
      'getitem/dtype/int32/mask', 'getitem/layout/permuted/colon_mask', 'getitem/layout/transposed/mask',
      'setitem/bool_mask_assignment/rows', 'setitem/bool_mask_assignment/cols',
      'setitem/multi_dim_bool_mask_assignment', 'setitem/byte_tensor_assignment', 'setitem/empty_index/mask',
      'setitem/boolean_indexing_onedim', 'setitem/boolean_indexing_twodim',
      'setitem/advanced/mask_tensor_value', 'setitem/advanced/mask_rows_value',
      'setitem/view/transposed_mask', 'setitem/scalar/int64/mask_value_tensor_truncates', 'index_put_/mask',
      'index_put_/mask_accumulate', 'index_put_/bool_indices_accumulate', 'nonzero/2d', 'nonzero/as_tuple',
      'nonzero/as_tuple_false', 'nonzero/0dim', 'nonzero/0dim_zero', 'nonzero/0dim_as_tuple',
      'nonzero/nan_and_negative_zero', 'nonzero/float16_negative_zero', 'nonzero/bool_3d',
      'nonzero/int64_big', 'nonzero/empty', 'nonzero/transposed', 'nonzero/function',
      'nonzero/function_as_tuple', 'argwhere/function', 'argwhere/method', 'masked_select/basic',
      'masked_select/broadcast_mask', 'masked_select/broadcast_self', 'masked_select/0dim',
      'masked_select/transposed', 'masked_select/function', 'masked_select/function_by_name',
      'masked_scatter_/basic', 'masked_scatter_/broadcast_mask', 'masked_scatter_/2d_source',
      'masked_scatter_/on_view', 'masked_scatter_/0dim', 'masked_scatter/broadcast_self',
      'masked_scatter/function',
    ],
    [ON_DEVICE_BY_DESIGN.values]: [
      'getitem/trivial_fancy_out_of_bounds/last', 'getitem/trivial_fancy_out_of_bounds/first',
      'getitem/tensor_out_of_bounds/second_dim', 'getitem/tensor_out_of_bounds/second_index',
      'getitem/tensor_out_of_bounds/negative', 'getitem/tensor_out_of_bounds/both_bad',
      'setitem/boolean_assignment_value_mismatch/empty', 'setitem/boolean_assignment_value_mismatch/3',
      'setitem/boolean_assignment_value_mismatch/sliced', 'setitem/expansion_error/tensor_true',
      'setitem/out_of_bounds/tensor', 'setitem/scalar_overflow/int64/mask_0dim_nan',
      'index_put_/error/out_of_bounds', 'masked_scatter_/error/short_source',
    ],
  },
  'tensor/index.msgpack': {
    [ON_DEVICE_BY_DESIGN.values]: [
      'index_select/float32/out_of_range_dim0', 'index_select/float32/negative_index_dim0',
      'index_select/float32/out_of_range_dim1', 'gather/float32/out_of_bounds',
      'gather/float32/negative_index', 'scatter/float32/out_of_bounds', 'scatter_add/float32/out_of_bounds',
      'embedding/float32/out_of_range', 'embedding/float32/negative_id',
    ],
  },
  'tensor/repr.msgpack': {
    [ON_DEVICE_BY_DESIGN.repr]: [
      'repr/float32/integral_vector', 'repr/float32/integral_matrix', 'repr/float32/negative_integral',
      'repr/float32/fractions', 'repr/float32/tenths', 'repr/float32/random_matrix', 'repr/float32/column',
      'repr/float32/sci_small_and_large', 'repr/float32/sci_large_ratio', 'repr/float32/sci_tiny',
      'repr/float32/sci_huge', 'repr/float32/wide_range_no_sci', 'repr/float32/nan_inf',
      'repr/float32/nan_with_integral', 'repr/float32/all_nan', 'repr/float32/negative_zero',
      'repr/float32/0-dim', 'repr/float32/0-dim_integral', 'repr/float32/empty', 'repr/float32/empty[2,0]',
      'repr/float32/3d', 'repr/float32/wraps_lines', 'repr/float32/summarised_1d',
      'repr/float32/summarised_2d', 'repr/float32/transposed_view', 'repr/float16/values',
      'repr/bfloat16/values', 'repr/int64/vector', 'repr/int64/extremes', 'repr/int64/0-dim',
      'repr/int64/empty', 'repr/int64/3d', 'repr/int64/summarised', 'repr/int32/vector', 'repr/int8/vector',
      'repr/int16/vector', 'repr/uint8/vector', 'repr/bool/vector', 'repr/bool/0-dim', 'repr/bool/matrix',
    ],
  },
  'tensor/sort.msgpack': {
    [ON_DEVICE_BY_DESIGN.number]: [
      'topk/float32/k_tensor',
    ],
  },
  'nn/embedding.msgpack': {
    // embedding_bag's offsets and indices are checked where they are read, on the CPU.
    [ON_DEVICE_BY_DESIGN.values]: [
      'embedding_bag/first_offset_not_zero', 'embedding_bag/first_offset_not_zero_int32', 'embedding_bag/index_negative',
      'embedding_bag/index_too_large', 'embedding_bag/last_offset_past_input',
    ],
  },
};

/** One file's entries as case name -> reason, the form the fixture runners take. */
function byCase(table: Table, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [reason, names] of Object.entries(table[file] ?? {})) for (const name of names) out[name] = reason;
  return out;
}

export const knownFailures = (file: string): Record<string, string> => byCase(KNOWN_FAILURES, file);
export const notOnADevice = (file: string): Record<string, string> => byCase(NOT_ON_A_DEVICE, file);
