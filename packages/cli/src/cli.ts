// `wick inspect` and `wick convert`: the command line over @wick/serialize. run() takes the
// arguments and an output sink and returns the exit code, so tests run it in-process.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CheckpointError, SafetensorsError, archiveNameFor, load, load_sharded, safetensors, save } from '@wick/serialize';
import { QuantizedTensor, SparseTensor, Tensor, WickError } from '@wick/tensor';
import { UsageError, parseCommand } from './args.js';
import { inspectOnnx, isOnnx, onnxInitializers } from './onnx.js';
import { Progress } from './progress.js';
import { inspectPt2, isPt2 } from './pt2.js';
import { FACTOR, FLOOR, allowance, checkOutputSize, human } from './size.js';
import { type Row, rows } from './tree.js';
import { shortPath, walk } from './walk.js';
import { writeFile } from './write.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
  /**
   * Redraws a one-line status in place ('' clears it). main.ts passes one only when stderr is a
   * terminal, so piped output shows no progress.
   */
  status?(text: string): void;
  /** The clock progress is timed by, in milliseconds (default: performance.now()). */
  now?(): number;
}

const HELP = {
  main: `usage: wick <command> [options]

commands:
  inspect <file> [--json]                 keys with dtype, shape, size, totals (.onnx: the graph; .pt2: the program)
  convert <in> <out> [--key <path>]       .pt/.pth/.bin <-> .safetensors; a sharded *.index.json or .onnx -> either

Run 'wick <command> --help' for a command's options.`,
  inspect: `usage: wick inspect <file> [--json]

Prints every key of a checkpoint (.pt, .pth, .bin: torch.save's zip or legacy format), a
.safetensors file or a sharded checkpoint's *.index.json with dtype, shape and size, then the
totals. Tensor data is not read (safetensors headers; zip checkpoints load lazily). For an ONNX
model (.onnx): its inputs and outputs with their dims, opsets, producer, the operators it uses
(node counts) and its initializers (external data files are not read).
For a torch.export program (.pt2): its inputs and outputs (sizes with their symbols and
ranges), weights and constants, and the ops of its graph (which ones wick lacks).

  --json   one JSON document instead of the tree`,
  convert: `usage: wick convert <in> <out> [--key <path>] [--allow-expand]

Converts a state_dict between torch.save's format and safetensors, by the files' extensions; a
sharded checkpoint (*.index.json) becomes one file of either kind, and so do an ONNX model's
initializers (.onnx, external data included), under their names in the model.
  --key <path>     the state_dict nested in a checkpoint, by dotted path (e.g. --key model)
  --allow-expand   write an output of more than ${FACTOR} times the input's size (and over ${human(FLOOR)})
Nested dicts of tensors are flattened with '.'; tensors that are views are written contiguous.
On a terminal, a conversion that takes over a second shows its progress on stderr.`,
};

const isSafetensors = (path: string): boolean => path.toLowerCase().endsWith('.safetensors');
/** A sharded checkpoint's index (transformers: model.safetensors.index.json, pytorch_model.bin.index.json). */
const isIndex = (path: string): boolean => path.toLowerCase().endsWith('.json');

interface Listing {
  tree: Row[];
  metadata: Record<string, unknown> | null;
}

/** The rows of one file: a safetensors header, or a torch file loaded lazily (no tensor data read). */
function fileRows(file: string): Listing {
  if (!isSafetensors(file)) return { tree: rows(load(file, { mmap: isZip(file) }), allowance(statSync(file).size)), metadata: null };
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
function indexRows(file: string): Listing {
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
  if (isOnnx(file)) return inspectOnnx(file, json, io);
  if (isPt2(file)) return inspectPt2(file, json, io);
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
    if (r.tensor) {
      const kind = r.tensor.kind === undefined ? '' : `  ${r.tensor.kind}`;
      io.out(`${pad}${name}  ${r.tensor.dtype} [${r.tensor.shape.join(', ')}]${kind}  ${r.tensor.numel} elements, ${human(r.tensor.bytes)}`);
    }
    else if (r.value !== undefined) io.out(`${pad}${name}: ${r.value}`);
    else if (r.same_as !== undefined) io.out(`${pad}${name}/  same as ${r.same_as}/ (the file shares it)`);
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

/**
 * Nested dicts of tensors as dotted names. Anything else is an error naming its path; so is a
 * dict the file shares under two paths, which would write its tensors once per path.
 */
function flatten(value: unknown, maxText: number): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const { path, value: v, sameAs } of walk(value, maxText)) {
    if (v instanceof Tensor) out.set(path, v);
    else if (v instanceof SparseTensor || v instanceof QuantizedTensor) {
      const what = v instanceof SparseTensor ? `a ${v.layout}` : `a quantized (torch.${v.dtype})`;
      throw new SafetensorsError(
        `'${shortPath(path)}' is ${what} tensor, and safetensors has no sparse or quantized tensors: ` +
          'save its to_dense() or dequantize() (or its parts) instead',
      );
    } else if (!(v instanceof Map)) throw new UsageError(`'${shortPath(path)}' is not a tensor or a dict of tensors; choose a state_dict with --key`);
    else if (sameAs !== undefined) {
      throw new CheckpointError(`'${shortPath(path)}' is the same dict as '${shortPath(sameAs)}' (the file shares it): convert writes each tensor under one name; choose one with --key`);
    }
  }
  return out;
}

/** safetensors stores each tensor once and contiguous: views get their own packed copy. */
function pack(tensors: Map<string, Tensor>, progress: Progress): Map<string, Tensor> {
  const seen = new Set<unknown>();
  const out = new Map<string, Tensor>();
  for (const [name, t] of tensors) {
    progress.update(() => `packing tensors: ${out.size} of ${tensors.size}`);
    out.set(name, seen.has(t.storage) ? t.clone({ memory_format: 'contiguous_format' }) : t.contiguous());
    seen.add(t.storage);
  }
  return out;
}

/** Runs `make`, which allocates `bytes` for the output, naming an allocation failure as one. */
function allocating<T>(bytes: number, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new CheckpointError(`could not allocate the output's ${human(bytes)} of tensor data: ${e.message}`);
  }
}

interface ConvertOptions {
  key: string | undefined;
  allowExpand: boolean;
}

/** Every tensor of a sharded checkpoint, and the bytes of its shards (the input's size). */
function loadIndex(input: string): { tensors: Map<string, Tensor>; inputBytes: number } {
  const ckpt = load_sharded(input);
  const tensors = new Map<string, Tensor>();
  try {
    for (const name of ckpt.keys()) tensors.set(name, ckpt.get_tensor(name));
    let inputBytes = 0;
    for (const shard of new Set(ckpt.weight_map.values())) inputBytes += statSync(join(dirname(input), shard)).size;
    return { tensors, inputBytes };
  } finally {
    ckpt.close();
  }
}

/** Writes `tensors` as the output's kind of file, after the output-size check. */
function write(tensors: Map<string, Tensor>, output: string, inputBytes: number, allowExpand: boolean, progress: Progress): string {
  const bytes = checkOutputSize(tensors, inputBytes, allowExpand);
  const file = isSafetensors(output)
    ? allocating(bytes, () => safetensors.save(pack(tensors, progress), { format: 'pt' }))
    : allocating(bytes, () => save(tensors, { archive_name: archiveNameFor(output) }));
  writeFile(output, file, progress);
  return `wrote ${output}: ${tensors.size} tensors`;
}

function convert(input: string, output: string, { key, allowExpand }: ConvertOptions, progress: Progress): string {
  if (isOnnx(output)) throw new UsageError('convert reads ONNX models; it does not write them (torch.onnx.export does)');
  if (isOnnx(input)) {
    if (key !== undefined) throw new UsageError('--key selects inside a torch checkpoint; an ONNX model has one set of initializers');
    const { tensors, inputBytes } = onnxInitializers(input);
    return write(tensors, output, inputBytes, allowExpand, progress);
  }
  if (isIndex(input)) {
    if (key !== undefined) throw new UsageError('--key selects inside one checkpoint; a sharded index maps tensor names already');
    const { tensors, inputBytes } = loadIndex(input);
    return write(tensors, output, inputBytes, allowExpand, progress);
  }
  if (isSafetensors(input) === isSafetensors(output)) {
    throw new UsageError('convert goes between .safetensors and a torch file (.pt, .pth, .bin): one of the two must be .safetensors');
  }
  const inputBytes = statSync(input).size;
  const tensors = isSafetensors(input) ? safetensors.load(input) : flatten(select(load(input), key), allowance(inputBytes));
  return write(tensors, output, inputBytes, allowExpand, progress);
}

const OPTIONS = {
  inspect: { json: { type: 'boolean' } },
  convert: { key: { type: 'string' }, 'allow-expand': { type: 'boolean' } },
} as const;

/** Runs `work` with a progress line that is cleared before anything else is printed. */
function withProgress<T>(io: Output, work: (progress: Progress) => T): T {
  const progress = new Progress(io.status, io.now ?? (() => performance.now()));
  try {
    return work(progress);
  } finally {
    progress.done();
  }
}

/** One line on stderr for a failure, and the exit code: 2 for usage, 1 for the rest. */
function report(e: unknown, command: string | undefined, io: Output): number {
  if (e instanceof UsageError) {
    io.err(`wick: ${e.message} (see 'wick ${command === 'inspect' || command === 'convert' ? command + ' ' : ''}--help')`);
    return 2;
  }
  const err = e as NodeJS.ErrnoException;
  const message = WickError.isInstance(e) ? `${e.name}: ${e.message}`
    : err.code ? (err.message.startsWith(`${err.code}:`) ? err.message : `${err.code}: ${err.message}`)
    : `internal error (a bug in wick; please report it): ${String(e)}`;
  io.err(`wick: ${message.split('\n')[0]}`);
  return 1;
}

export function run(argv: string[], io: Output): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP.main);
      return command === undefined ? 2 : 0;
    }
    if (command !== 'inspect' && command !== 'convert') throw new UsageError(`unknown command '${command}'`);
    const { positionals, values, help } = parseCommand(rest, OPTIONS[command]);
    if (help) {
      io.out(HELP[command]);
      return 0;
    }
    if (command === 'inspect') {
      if (positionals.length !== 1) throw new UsageError('inspect takes one file');
      inspect(positionals[0]!, values.json === true, io);
    } else {
      if (positionals.length !== 2) throw new UsageError('convert takes an input and an output file');
      const options = { key: typeof values.key === 'string' ? values.key : undefined, allowExpand: values['allow-expand'] === true };
      io.out(withProgress(io, (progress) => convert(positionals[0]!, positionals[1]!, options, progress)));
    }
    return 0;
  } catch (e) {
    return report(e, command, io);
  }
}
