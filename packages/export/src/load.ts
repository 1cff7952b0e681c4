// torch.export.load: an ExportedProgram from a .pt2's bytes, or from its path under Node.
import { type PyArgs, declare } from '@wick/tensor';
import { readArchive } from './archive.js';
import { ATEN_OPS } from './aten/index.js';
import type { AtenOp } from './aten/types.js';
import { ExportError } from './errors.js';
import { fileSystem } from '#fs';
import { ExportedProgram } from './program.js';

const loadSig = declare('torch.export.load', 'load(bytes|str f, *, Any? extra_files=None, Any? expected_opset_version=None)', {
  style: 'python',
  differs:
    'f is the bytes of a .pt2 (Uint8Array or ArrayBuffer) or a path (Node only); extra_files is a Map or a plain object, filled with every ' +
    "extra/ record as a string; expected_opset_version must agree with the file's opsets, since wick has no op upgraders",
});

type Bytes = Uint8Array | ArrayBuffer | ArrayBufferView;
type Names = Map<string, unknown> | Record<string, unknown>;

export interface LoadOptions {
  f?: Bytes | string;
  extra_files?: Names | null;
  expected_opset_version?: Names | null;
}

function bytesOf(f: Bytes | string): Uint8Array {
  if (typeof f === 'string') return fileSystem().readFileSync(f);
  if (f instanceof Uint8Array) return f;
  if (f instanceof ArrayBuffer) return new Uint8Array(f);
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
}

function entries(names: Names): [string, unknown][] {
  return names instanceof Map ? [...names] : Object.entries(names);
}

/** An ExportedProgram from `f` with an op table of the caller's (torch.export.load passes ATEN_OPS). */
export function loadProgram(f: Bytes | string, options: Omit<LoadOptions, 'f'>, ops: ReadonlyMap<string, AtenOp>): ExportedProgram {
  const archive = readArchive(bytesOf(f));
  const program = new ExportedProgram(archive, ops);
  for (const [name, expected] of entries(options.expected_opset_version ?? {})) {
    const actual = program.opset_version.get(name);
    if (actual !== expected) {
      throw new ExportError(`the program's opset ${name} is version ${actual ?? 'absent'}, expected ${String(expected)}; wick has no op upgraders`);
    }
  }
  const extra = options.extra_files;
  if (extra !== null && extra !== undefined) {
    const decoder = new TextDecoder();
    for (const [name, bytes] of archive.extraFiles) {
      if (extra instanceof Map) extra.set(name, decoder.decode(bytes));
      else extra[name] = decoder.decode(bytes);
    }
  }
  return program;
}

/**
 * torch.export.load: the program torch.export.save wrote, from its bytes or (Node) its path.
 * Nothing in the file runs as code: its graph may name ATen ops and torch.export's shape
 * operators only, and its tensors load through torch.load's safe unpickler.
 */
export function load(...args: PyArgs<[f: Bytes | string], LoadOptions>): ExportedProgram {
  const { f, extra_files, expected_opset_version } = loadSig.bind(args);
  return loadProgram(f as Bytes | string, { extra_files, expected_opset_version } as Omit<LoadOptions, 'f'>, ATEN_OPS);
}
