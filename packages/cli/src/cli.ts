// `wick inspect` and `wick convert`: the command line over @wick/serialize. run() takes the
// arguments and an output sink and returns the exit code, so tests run it in-process.
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load, load_sharded, safetensors, save } from '@wick/serialize';
import { Tensor, WickError } from '@wick/tensor';
import { type Row, rows } from './tree.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const HELP = {
  main: `usage: wick <command> [options]

commands:
  inspect <file> [--json]                 the tree of keys with dtype, shape, size, and totals
  convert <in> <out> [--key <path>]       .pt/.pth/.bin <-> .safetensors; a sharded *.index.json -> either

Run 'wick <command> --help' for a command's options.`,
  inspect: `usage: wick inspect <file> [--json]

Prints every key of a checkpoint (.pt, .pth, .bin: torch.save's zip or legacy format), a
.safetensors file or a sharded checkpoint's *.index.json with dtype, shape and size, then the
totals. Tensor data is not read (safetensors headers; zip checkpoints load lazily).

  --json   one JSON document instead of the tree`,
  convert: `usage: wick convert <in> <out> [--key <path>]

Converts a state_dict between torch.save's format and safetensors, by the files' extensions; a
sharded checkpoint (*.index.json) becomes one file of either kind.
  --key <path>   the state_dict nested in a checkpoint, by dotted path (e.g. --key model)
Nested dicts of tensors are flattened with '.'; tensors that are views are written contiguous.`,
};

class UsageError extends Error {}

const isSafetensors = (path: string): boolean => path.toLowerCase().endsWith('.safetensors');
/** A sharded checkpoint's index (transformers: model.safetensors.index.json, pytorch_model.bin.index.json). */
const isIndex = (path: string): boolean => path.toLowerCase().endsWith('.json');

function parse(args: string[], flags: Record<string, 'bool' | 'value'>): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const kind = flags[name];
    if (kind === undefined) throw new UsageError(`unknown option --${name}`);
    if (kind === 'bool') options[name] = true;
    else {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = v;
    }
  }
  return { positional, options };
}

function human(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}

/** The rows of one file: a safetensors header, or a torch file loaded lazily (no tensor data read). */
function fileRows(file: string): { tree: Row[]; metadata: Record<string, unknown> | null } {
  if (!isSafetensors(file)) return { tree: rows(load(file, { mmap: isZip(file) })), metadata: null };
  const f = safetensors.safe_open(file);
  try {
    const tree = f.keys().map((name) => {
      const info = f.header.tensors.get(name)!;
      const numel = info.shape.reduce((a, b) => a * b, 1);
      return { path: name, depth: 0, tensor: { dtype: info.dtype, shape: [...info.shape], numel, bytes: info.end - info.begin } };
    });
    return { tree, metadata: f.metadata() };
  } finally {
    f.close();
  }
}

/** Whether a torch file is a zip (which loads lazily; a legacy file loads whole). */
function isZip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.toString('latin1') === 'PK\x03\x04';
  } finally {
    closeSync(fd);
  }
}

/** Every shard's rows, in the order of tensor names, with the index's metadata. */
function indexRows(file: string): { tree: Row[]; metadata: Record<string, unknown> | null } {
  const ckpt = load_sharded(file);
  try {
    const byName = new Map<string, Row>();
    for (const shard of new Set(ckpt.weight_map.values())) {
      for (const r of fileRows(join(dirname(file), shard)).tree) if (ckpt.weight_map.get(r.path) === shard) byName.set(r.path, r);
    }
    return { tree: ckpt.keys().flatMap((k) => byName.get(k) ?? []), metadata: ckpt.metadata() };
  } finally {
    ckpt.close();
  }
}

function inspect(file: string, json: boolean, io: Output): void {
  const { tree, metadata } = isIndex(file) ? indexRows(file) : fileRows(file);
  const tensors = tree.filter((r) => r.tensor);
  const total = { tensors: tensors.length, elements: tensors.reduce((a, r) => a + r.tensor!.numel, 0), bytes: tensors.reduce((a, r) => a + r.tensor!.bytes, 0) };
  if (json) {
    const format = isIndex(file) ? 'sharded' : isSafetensors(file) ? 'safetensors' : 'torch';
    io.out(JSON.stringify({ file, format, metadata, entries: tree, total }, null, 2));
    return;
  }
  io.out(file);
  for (const r of tree) {
    const pad = '  '.repeat(r.depth + 1);
    const name = r.path.split('.').slice(r.depth).join('.');
    if (r.tensor) io.out(`${pad}${name}  ${r.tensor.dtype} [${r.tensor.shape.join(', ')}]  ${r.tensor.numel} elements, ${human(r.tensor.bytes)}`);
    else if (r.value !== undefined) io.out(`${pad}${name}: ${r.value}`);
    else io.out(`${pad}${name}/`);
  }
  if (metadata) io.out(`metadata: ${JSON.stringify(metadata)}`);
  io.out(`total: ${total.tensors} tensors, ${total.elements} elements, ${human(total.bytes)} (tensor views counted once each)`);
}

function select(value: unknown, key: string | undefined): unknown {
  if (key === undefined) return value;
  let v = value;
  for (const part of key.split('.')) {
    if (!(v instanceof Map)) throw new UsageError(`--key ${key}: '${part}' is not inside a dict`);
    const hit = v.has(part) ? v.get(part) : v.has(Number(part)) ? v.get(Number(part)) : undefined;
    if (hit === undefined) throw new UsageError(`--key ${key}: no key '${part}' (keys: ${[...v.keys()].map(String).join(', ')})`);
    v = hit;
  }
  return v;
}

/** Flattens nested dicts of tensors into dotted names; anything else is an error naming its path. */
function flatten(value: unknown, prefix: string, out: Map<string, Tensor>): void {
  if (value instanceof Tensor) {
    out.set(prefix, value);
    return;
  }
  if (!(value instanceof Map)) {
    throw new UsageError(`'${prefix || '<root>'}' is not a tensor or a dict of tensors; choose a state_dict with --key`);
  }
  for (const [k, v] of value) flatten(v, prefix === '' ? String(k) : `${prefix}.${String(k)}`, out);
}

/** A sharded checkpoint's tensors, written as one file of the output's kind. */
function convertIndex(input: string, output: string): string {
  const ckpt = load_sharded(input);
  const tensors = new Map<string, Tensor>();
  try {
    for (const name of ckpt.keys()) tensors.set(name, ckpt.get_tensor(name));
  } finally {
    ckpt.close();
  }
  if (isSafetensors(output)) writeSafetensors(tensors, output);
  else save(tensors, output);
  return `wrote ${output}: ${tensors.size} tensors`;
}

/** safetensors stores each tensor once and contiguous: views and shared storages get their own packed copy. */
function writeSafetensors(tensors: Map<string, Tensor>, output: string): void {
  const seen = new Set<unknown>();
  for (const [name, t] of tensors) {
    tensors.set(name, seen.has(t.storage) ? t.clone({ memory_format: 'contiguous_format' }) : t.contiguous());
    seen.add(t.storage);
  }
  writeFileSync(output, safetensors.save(tensors, { format: 'pt' }));
}

function convert(input: string, output: string, key: string | undefined): string {
  if (isIndex(input)) {
    if (key !== undefined) throw new UsageError('--key selects inside one checkpoint; a sharded index maps tensor names already');
    return convertIndex(input, output);
  }
  if (isSafetensors(input) === isSafetensors(output)) {
    throw new UsageError('convert goes between .safetensors and a torch file (.pt, .pth, .bin): one of the two must be .safetensors');
  }
  if (isSafetensors(input)) {
    const tensors = safetensors.load(input);
    save(tensors, output);
    return `wrote ${output}: ${tensors.size} tensors`;
  }
  const tensors = new Map<string, Tensor>();
  flatten(select(load(input), key), '', tensors);
  writeSafetensors(tensors, output);
  return `wrote ${output}: ${tensors.size} tensors`;
}

export function run(argv: string[], io: Output): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP.main);
      return command === undefined ? 2 : 0;
    }
    if (command !== 'inspect' && command !== 'convert') throw new UsageError(`unknown command '${command}'`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(HELP[command]);
      return 0;
    }
    if (command === 'inspect') {
      const { positional, options } = parse(rest, { json: 'bool' });
      if (positional.length !== 1) throw new UsageError('inspect takes one file');
      inspect(positional[0]!, options.json === true, io);
    } else {
      const { positional, options } = parse(rest, { key: 'value' });
      if (positional.length !== 2) throw new UsageError('convert takes an input and an output file');
      io.out(convert(positional[0]!, positional[1]!, typeof options.key === 'string' ? options.key : undefined));
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`wick: ${e.message} (see 'wick ${command === 'inspect' || command === 'convert' ? command + ' ' : ''}--help')`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    const message = WickError.isInstance(e) ? `${e.name}: ${e.message}` : err.code ? `${err.code}: ${err.message}` : String(e);
    io.err(`wick: ${message.split('\n')[0]}`);
    return 1;
  }
}
