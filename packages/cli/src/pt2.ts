// `wick inspect m.pt2`: a torch.export program's inputs and outputs (dtypes, sizes with their
// symbols), the symbols' ranges, its weights and constants, and the ops of its graph with how
// often each is called and which ones wick lacks.
import { type ExportedProgram, type SymSize, formatSymExpr, load } from '@wick/export';
import { type Tensor, itemsize } from '@wick/tensor';
import type { Output } from './cli.js';
import { human } from './size.js';

export const isPt2 = (path: string): boolean => path.toLowerCase().endsWith('.pt2');

interface ValueRow {
  name: string;
  kind: string;
  /** dtype and sizes for a tensor; for anything else, `type` says what it is. */
  dtype: string | null;
  shape: string[] | null;
  type: string;
  target: string | null;
}

interface WeightRow {
  name: string;
  kind: string;
  dtype: string;
  shape: number[];
  bytes: number;
}

const size = (s: SymSize): string => (typeof s === 'number' ? String(s) : formatSymExpr(s));

const SCALAR_KINDS: Readonly<Record<string, string>> = { as_sym_int: 'SymInt', as_sym_float: 'SymFloat', as_sym_bool: 'SymBool' };

function valueRow(ep: ExportedProgram, spec: { name: string | null; kind: string; target: string | null; arg: unknown }): ValueRow {
  const { name, kind, target, arg } = spec;
  const info = name === null ? undefined : ep.graph.tensorValues.get(name);
  const key = arg !== null && typeof arg === 'object' ? Object.keys(arg)[0] ?? '' : '';
  const type = info ? 'Tensor' : Object.hasOwn(SCALAR_KINDS, key) ? SCALAR_KINDS[key]! : `constant ${JSON.stringify(arg)}`;
  return { name: name ?? '(constant)', kind, dtype: info?.dtype ?? null, shape: info ? info.sizes.map(size) : null, type, target };
}

function weightRow(name: string, kind: string, t: Tensor): WeightRow {
  const numel = t.shape.reduce((a, b) => a * b, 1);
  return { name, kind, dtype: t.dtype, shape: [...t.shape], bytes: numel * itemsize(t.dtype) };
}

/** What `wick inspect` says about a program, as data (its --json document). */
function describeProgram(file: string, ep: ExportedProgram) {
  const sig = ep.graph_signature;
  const inputs = sig.input_specs.filter((s) => s.kind === 'USER_INPUT' || s.kind === 'TOKEN').map((s) => valueRow(ep, s));
  const outputs = sig.output_specs.map((s) => valueRow(ep, s));
  const kindOf = new Map(sig.input_specs.filter((s) => s.target !== null).map((s) => [s.target!, s.kind === 'BUFFER' && s.persistent === false ? 'BUFFER (non-persistent)' : s.kind]));
  const weights = [...ep.state_dict].map(([k, t]) => weightRow(k, kindOf.get(k) ?? 'unused', t));
  const constants = [...ep.constants].map(([k, t]) => weightRow(k, kindOf.get(k) ?? 'unused', t));
  const counts = new Map<string, number>();
  for (const n of ep.graph.nodes) {
    const op = n.call.kind === 'aten' ? n.call.op : n.target;
    counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  const missing = ep.missing_ops();
  return {
    file,
    format: 'pt2',
    torch_version: ep.torch_version,
    schema_version: `${ep.schema_version.major}.${ep.schema_version.minor}`,
    inputs,
    outputs,
    symbols: Object.fromEntries(ep.range_constraints),
    weights,
    constants,
    ops: [...counts].map(([op, count]) => ({ op, count, missing: missing.includes(op) })),
    missing,
    total: { tensors: weights.length + constants.length, bytes: [...weights, ...constants].reduce((a, w) => a + w.bytes, 0) },
  };
}

function valueLine(v: ValueRow): string {
  const type = v.dtype === null ? v.type : `${v.dtype} [${v.shape!.join(', ')}]`;
  const kind = v.kind === 'USER_INPUT' || v.kind === 'USER_OUTPUT' ? '' : `  ${v.kind}${v.target === null ? '' : ` -> ${v.target}`}`;
  return `  ${v.name}  ${type}${kind}`;
}

export function inspectPt2(file: string, json: boolean, io: Output): void {
  const doc = describeProgram(file, load(file));
  if (json) {
    io.out(JSON.stringify(doc, null, 2));
    return;
  }
  io.out(`${file}  (torch.export program; PyTorch ${doc.torch_version}, schema ${doc.schema_version})`);
  io.out('inputs:');
  for (const v of doc.inputs) io.out(valueLine(v));
  io.out('outputs:');
  for (const v of doc.outputs) io.out(valueLine(v));
  const symbols = Object.entries(doc.symbols);
  if (symbols.length > 0) {
    io.out('symbols:');
    for (const [name, r] of symbols) io.out(`  ${name}  ${r.min_val ?? '-inf'}..${r.max_val ?? 'inf'}`);
  }
  for (const [title, rows] of [['weights (state_dict):', doc.weights], ['constants:', doc.constants]] as const) {
    if (rows.length === 0) continue;
    io.out(title);
    for (const w of rows) io.out(`  ${w.name}  ${w.dtype} [${w.shape.join(', ')}]  ${w.kind}  ${human(w.bytes)}`);
  }
  io.out(`ops (${doc.ops.reduce((a, o) => a + o.count, 0)} nodes):`);
  for (const o of doc.ops) io.out(`  ${o.op}  x${o.count}${o.missing ? '  (wick lacks it)' : ''}`);
  io.out(doc.missing.length === 0 ? 'wick has every op of this program' : `wick lacks ${doc.missing.length} of its ops: ${doc.missing.join(', ')}`);
  io.out(`total: ${doc.total.tensors} tensors, ${human(doc.total.bytes)}`);
}
