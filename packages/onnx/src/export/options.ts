// torch.onnx.export's signature (PyTorch 2.13's) and its options checked: each one is honoured,
// or refused with an error naming it when it asks for what wick cannot do.
import { type Bound, PY_FUNCTION, type Signatures, declare } from '@wick/tensor';
import { OnnxError } from '../errors.js';

/** PyTorch 2.13's torch.onnx._constants.ONNX_DEFAULT_OPSET, and the opsets wick writes. */
export const DEFAULT_OPSET = 20;
export const MIN_OPSET = 13;
export const MAX_OPSET = 21;

export const exportSig: Signatures = declare(
  'onnx.export',
  'export(Module model, Any args=(), str? f=None, *, dict? kwargs=None, bool? verbose=None, str[]? input_names=None, ' +
    'str[]? output_names=None, int? opset_version=None, bool dynamo=True, bool external_data=True, Any? dynamic_shapes=None, ' +
    'dict? custom_translation_table=None, bool report=False, bool optimize=True, bool verify=False, bool profile=False, ' +
    "bool dump_exported_program=False, str artifacts_dir='.', bool export_params=True, bool keep_initializers_as_inputs=False, " +
    "dict? dynamic_axes=None, str training='EVAL', str operator_export_type='ONNX', bool do_constant_folding=True, " +
    'dict? custom_opsets=None, bool export_modules_as_functions=False, bool autograd_inlining=True)',
  {
    ...PY_FUNCTION,
    differs:
      "PyTorch's parameters, names and defaults; torch.onnx is not in the recorded signatures. training and " +
      "operator_export_type take their enums' names ('EVAL', 'ONNX'). dynamo picks PyTorch's exporter: wick has one " +
      '(a trace through the op table), used for both, and returns the bytes. do_constant_folding and optimize change how ' +
      "PyTorch writes a graph, not what it computes: wick writes one graph for either. external_data: wick's files hold " +
      'their weights (over 2 GiB is refused). artifacts_dir serves report and dump_exported_program (refused when True); ' +
      'autograd_inlining concerns autograd.Function, which wick models do not trace',
  },
);

export interface ExportOptions {
  opset: number;
  inputNames: readonly string[] | null;
  outputNames: readonly string[] | null;
  dynamicAxes: ReadonlyMap<string, ReadonlyMap<number, string>>;
  verbose: boolean;
  exportParams: boolean;
  keepInitializersAsInputs: boolean;
}

const refuse = (name: string, why: string): never => {
  throw new OnnxError(`torch.onnx.export: ${name} ${why}`);
};

/** The bound arguments as export options; a value wick cannot honour is refused by name. */
export function exportOptions(b: Bound): ExportOptions {
  if (b.kwargs !== null && Object.keys(b.kwargs instanceof Map ? Object.fromEntries(b.kwargs) : b.kwargs).length > 0) {
    refuse('kwargs', "is not supported: a wick module's forward takes positional arguments only; pass them in args");
  }
  if (b.dynamic_shapes !== null) refuse('dynamic_shapes', 'is not supported (it belongs to the torch.export exporter); use dynamic_axes');
  if (b.custom_translation_table !== null) refuse('custom_translation_table', 'is not supported');
  for (const flag of ['report', 'verify', 'profile', 'dump_exported_program', 'export_modules_as_functions'] as const) {
    if (b[flag] === true) refuse(flag, 'is not supported (it must be False)');
  }
  if (b.training !== 'EVAL') refuse('training', `must be 'EVAL' (the model is exported in eval mode), got '${b.training}'`);
  if (b.operator_export_type !== 'ONNX') refuse('operator_export_type', `must be 'ONNX', got '${b.operator_export_type}'`);
  if (b.custom_opsets !== null && Object.keys(b.custom_opsets).length > 0) refuse('custom_opsets', 'is not supported: wick writes only the default ONNX domain');
  const opset = (b.opset_version as number | null) ?? DEFAULT_OPSET;
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new OnnxError(`torch.onnx.export: opset_version must be in ${MIN_OPSET}..${MAX_OPSET} (the opsets wick writes), got ${opset}`);
  }
  return {
    opset,
    inputNames: b.input_names as string[] | null,
    outputNames: b.output_names as string[] | null,
    dynamicAxes: dynamicAxes(b.dynamic_axes),
    verbose: b.verbose === true,
    exportParams: b.export_params as boolean,
    keepInitializersAsInputs: b.keep_initializers_as_inputs as boolean,
  };
}

/**
 * dynamic_axes as PyTorch takes it: { name: { axis: dim_name } }, or { name: [axes] } whose dims
 * get PyTorch's generated names `<name>_dynamic_axes_<k>` (k counting from 1).
 */
function dynamicAxes(given: unknown): Map<string, Map<number, string>> {
  const out = new Map<string, Map<number, string>>();
  if (given === null) return out;
  const entries = given instanceof Map ? [...given.entries()] : Object.entries(given as object);
  for (const [name, axes] of entries as [string, unknown][]) {
    const dims = new Map<number, string>();
    if (Array.isArray(axes)) {
      axes.forEach((a, k) => dims.set(checkAxis(name, a), `${name}_dynamic_axes_${k + 1}`));
    } else if (axes !== null && typeof axes === 'object') {
      const pairs = axes instanceof Map ? [...axes.entries()] : Object.entries(axes);
      for (const [a, dim] of pairs as [unknown, unknown][]) {
        if (typeof dim !== 'string') throw new OnnxError(`torch.onnx.export: dynamic_axes['${name}'][${String(a)}] must be a dim name (str), got ${typeof dim}`);
        dims.set(checkAxis(name, Number(a)), dim);
      }
    } else {
      throw new OnnxError(`torch.onnx.export: dynamic_axes['${name}'] must be a dict of axis to name or a list of axes`);
    }
    out.set(name, dims);
  }
  return out;
}

function checkAxis(name: string, a: unknown): number {
  if (typeof a !== 'number' || !Number.isInteger(a) || a < 0) {
    throw new OnnxError(`torch.onnx.export: dynamic_axes['${name}'] has axis ${String(a)}; an axis is a non-negative int`);
  }
  return a;
}
