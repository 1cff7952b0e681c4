// torch.onnx.export: the model's forward is traced through the op table (twice when some axes
// are dynamic, the second time with those axes at other sizes, so that sizes which follow them
// are told apart from fixed ones), the ops that reach an output are mapped to ONNX operators,
// and the ModelProto's bytes are returned (and written to `f` when it is a path).
import type { Module } from '@wick/nn';
import type { Tensor } from '@wick/tensor';
import { fileSystem } from '#fs';
import { dtypeOfOnnx } from '../dtypes.js';
import { OnnxError } from '../errors.js';
import { Graph } from './graph.js';
import { type Arg, flatten, forwardArgs, grown, isTensor, rebuild } from './inputs.js';
import { Lowering, liveCalls, unmappedOps } from './lower.js';
import { type Port, describeGraph, modelBytes } from './model.js';
import { nameOutputs, prune } from './outputs.js';
import { type ExportOptions, exportOptions, exportSig } from './options.js';
import { recordedWhole } from './ops/index.js';
import { Trace, tracing, unrecorded } from './trace.js';

type ExportArgs = [model: Module, args?: Tensor | readonly unknown[], f?: string | null, options?: ExportOptionsArg];

export interface ExportOptionsArg {
  model?: Module; args?: Tensor | readonly unknown[]; f?: string | null;
  kwargs?: Record<string, unknown> | null; verbose?: boolean | null; input_names?: readonly string[] | null;
  output_names?: readonly string[] | null; opset_version?: number | null; dynamo?: boolean; external_data?: boolean;
  dynamic_shapes?: unknown; custom_translation_table?: unknown; report?: boolean; optimize?: boolean; verify?: boolean;
  profile?: boolean; dump_exported_program?: boolean; artifacts_dir?: string; export_params?: boolean;
  keep_initializers_as_inputs?: boolean; dynamic_axes?: Record<string, Record<number, string> | readonly number[]> | null;
  training?: 'EVAL' | 'TRAINING' | 'PRESERVE'; operator_export_type?: string; do_constant_folding?: boolean;
  custom_opsets?: Record<string, number> | null; export_modules_as_functions?: boolean; autograd_inlining?: boolean;
}

/**
 * torch.onnx.export(model, args, f?, { input_names, output_names, dynamic_axes, opset_version, ... }):
 * the model as ONNX bytes (a Uint8Array); a path as `f` also writes them there (Node).
 */
export function onnxExport(...args: ExportArgs | [model: Module, options: ExportOptionsArg] | [options: ExportOptionsArg]): Uint8Array {
  // `export(model, args, undefined, options)`, as JS callers write "no file" (API.md), is f=None.
  const b = exportSig.bind(args.length > 3 && args[2] === undefined ? [args[0], args[1], null, ...args.slice(3)] : args);
  const options = exportOptions(b);
  const model = b.model as Module;
  const argList = forwardArgs(b.args);
  const bytes = withEval(model, () => exportModel(model, argList, options));
  if (b.f !== null) fileSystem().writeFileSync(b.f as string, bytes);
  return bytes;
}

/** PyTorch's training=EVAL: the model runs in eval mode while traced, then gets its modes back. */
function withEval<T>(model: Module, f: () => T): T {
  const modes = model.modules().map((m) => [m, m.training] as const);
  model.eval();
  try {
    return f();
  } finally {
    for (const [m, mode] of modes) m.training = mode;
  }
}

function names(given: readonly string[] | null, count: number, base: string, what: string): string[] {
  if (given !== null && given.length > count) {
    throw new OnnxError(`torch.onnx.export: ${given.length} ${what}_names given for ${count} ${what}s`);
  }
  return Array.from({ length: count }, (_, i) => given?.[i] ?? `${base}_${i}`);
}

function traceOnce(model: Module, args: readonly Arg[], params: readonly [string, Tensor][]): { trace: Trace; outputs: number[] } {
  const trace = new Trace(recordedWhole);
  for (const t of flatten(args)) trace.add(t, 'input');
  for (const [key, t] of params) trace.add(t, 'param', key);
  // Called as PyTorch's exporter calls it, model(*args): forward hooks run too.
  const result = tracing(trace, () => (model as unknown as (...a: unknown[]) => unknown)(...args));
  const flat: Tensor[] = [];
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (isTensor(v)) flat.push(v);
    else throw new OnnxError(`torch.onnx.export: forward must return Tensors (or lists of them), got ${v === null ? 'None' : typeof v}`);
  };
  collect(result);
  return { trace, outputs: flat.map((t) => trace.valueOf(t)) };
}

function exportModel(model: Module, args: readonly Arg[], o: ExportOptions): Uint8Array {
  const inputs = flatten(args);
  const inputNames = names(o.inputNames, inputs.length, 'input', 'input');
  const params: [string, Tensor][] = [...model.named_parameters(), ...model.named_buffers()];
  const first = traceOnce(model, args, params);
  const outputNames = names(o.outputNames, first.outputs.length, 'output', 'output');
  const taken = [...inputNames, ...outputNames, ...params.map(([key]) => key)];
  const twice = taken.find((n, i) => taken.indexOf(n) !== i);
  if (twice !== undefined) throw new OnnxError(`torch.onnx.export: the name '${twice}' is given to two inputs, outputs or parameters; ONNX values need distinct names`);
  for (const key of o.dynamicAxes.keys()) {
    if (!inputNames.includes(key) && !outputNames.includes(key)) {
      throw new OnnxError(`torch.onnx.export: dynamic_axes names '${key}', which is not an input or output name (${[...inputNames, ...outputNames].join(', ')})`);
    }
  }
  inputNames.forEach((name, i) => {
    for (const axis of o.dynamicAxes.get(name)?.keys() ?? []) {
      if (axis >= inputs[i]!.ndim) throw new OnnxError(`torch.onnx.export: dynamic_axes['${name}'] has axis ${axis}, but the input has ${inputs[i]!.ndim} dims`);
    }
  });
  const second = secondTrace(model, args, inputNames, params, o) ?? first;
  if (second.trace.calls.length !== first.trace.calls.length || second.trace.calls.some((c, k) => c.op !== first.trace.calls[k]!.op)) {
    throw new OnnxError('torch.onnx.export: the ops that forward runs change with the sizes of the dynamic axes; the model cannot be exported with these dynamic_axes');
  }

  const live = liveCalls(first.trace, first.outputs);
  const unmapped = unmappedOps(first.trace, live);
  if (unmapped.length > 0) throw new OnnxError(`torch.onnx.export: no ONNX mapping for ${unmapped.length === 1 ? 'op' : 'ops'} ${unmapped.join(', ')}`);

  const g = new Graph(o.opset);
  const lowering = new Lowering(g, first.trace, second.trace);
  const shape2 = (id: number) => second.trace.values[id]!.tensor.shape;
  inputs.forEach((_, i) => lowering.name(i, inputNames[i]!, shape2(i)));
  const paramInputs: Port[] = [];
  params.forEach(([key, t], j) => {
    const id = inputs.length + j;
    lowering.name(id, key, shape2(id));
    if (o.exportParams) g.initializer(key, t);
    else paramInputs.push({ name: key, dtype: t.dtype, dims: t.shape });
  });
  for (const k of live) lowering.lower(k);

  const inputPorts: Port[] = inputs.map((t, i) => ({
    name: inputNames[i]!, dtype: t.dtype,
    dims: t.shape.map((d, axis) => o.dynamicAxes.get(inputNames[i]!)?.get(axis) ?? d),
  }));
  const outputPorts = nameOutputs(g, lowering, first, second, outputNames, inputPorts, inputs, o);
  prune(g, outputPorts);
  const initializerInputs: Port[] = o.keepInitializersAsInputs
    ? g.initializers.map((t) => ({ name: t.name!, dtype: dtypeOfOnnx(t.dataType!)!, dims: (t.dims ?? []).map(Number) }))
    : [];
  const bytes = modelBytes(g, [...inputPorts, ...paramInputs, ...initializerInputs], outputPorts);
  if (o.verbose) console.log(describeGraph(g, inputPorts, outputPorts));
  return bytes;
}

function secondTrace(model: Module, args: readonly Arg[], inputNames: readonly string[], params: readonly [string, Tensor][], o: ExportOptions) {
  if (!inputNames.some((n) => (o.dynamicAxes.get(n)?.size ?? 0) > 0)) return null;
  const steps = new Map<string, number>();
  const step = (dim: string) => {
    if (!steps.has(dim)) steps.set(dim, steps.size + 1);
    return steps.get(dim)!;
  };
  const flat = flatten(args);
  let i = 0;
  const args2 = unrecorded(() => rebuild(args, () => {
    const axes = o.dynamicAxes.get(inputNames[i]!);
    const t = flat[i++]!;
    return axes === undefined ? t : grown(t, axes, step);
  }));
  try {
    return traceOnce(model, args2, params);
  } catch (e) {
    throw new OnnxError(`torch.onnx.export: forward failed when traced again with the dynamic axes at other sizes (to tell their sizes from fixed ones): ${(e as Error).message}`);
  }
}
