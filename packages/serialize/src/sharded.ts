// load_sharded: a transformers sharded checkpoint (`model.safetensors.index.json`,
// `pytorch_model.bin.index.json`: {"metadata": {...}, "weight_map": {name: shard file}}) as one
// lazy mapping with safe_open's shape. Each shard is opened the first time a tensor in it is
// asked for: safetensors shards through safe_open, .bin shards through torch.load with mmap.

import { type PyArgs, Tensor, declare } from '@wick/tensor';
import { decodeUtf8 } from './bytes.js';
import { CheckpointError } from './errors.js';
import { openFile, readFile } from './files.js';
import { lazyStorages } from './lazy.js';
import { loadSource } from './load.js';
import { SafeOpen } from './safetensors/read.js';
import { type ClosableSource, disposeSymbol } from './source.js';

const loadShardedSig = declare('load_sharded', 'load_sharded(str path, *, int? max_inflated_bytes=None)', {
  style: 'python',
  differs:
    "wick's: opens a transformers *.index.json (safetensors or .bin shards) as one mapping shaped like safe_open; transformers' " +
    'load_sharded_checkpoint loads into a model instead. max_inflated_bytes as in torch.load',
});
const method = (name: string, params = '') => declare(`load_sharded.${name}`, `ShardedCheckpoint.${name}(${params})`, {
  style: 'python', pythonMethod: true, differs: "wick's, shaped like the safetensors package's safe_open",
});
const keysSig = method('keys');
const metadataSig = method('metadata');
const getTensorSig = method('get_tensor', 'str name');
const closeSig = method('close');

function fail(path: string, why: string): never {
  throw new CheckpointError(`${path} is not a sharded checkpoint index: ${why}`);
}

interface Index {
  metadata: Record<string, unknown> | null;
  weightMap: Map<string, string>;
}

function parseIndex(path: string): Index {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeUtf8(readFile(path)));
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof TypeError) fail(path, `invalid JSON (${e.message})`);
    throw e;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) fail(path, 'expected a JSON object');
  const { metadata = null, weight_map: map } = doc as Record<string, unknown>;
  if (metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) fail(path, '"metadata" must be an object');
  if (typeof map !== 'object' || map === null || Array.isArray(map)) fail(path, 'expected a "weight_map" object of tensor name -> shard file');
  const weightMap = new Map<string, string>();
  for (const [name, file] of Object.entries(map as Record<string, unknown>)) {
    if (typeof file !== 'string') fail(path, `the shard of ${name} must be a file name, not ${JSON.stringify(file)}`);
    // NOTE: shards sit beside the index; a name reaching elsewhere would read any file.
    if (file === '' || file.startsWith('/') || file.split(/[\\/]/).includes('..')) fail(path, `shard file ${JSON.stringify(file)} is outside the index's folder`);
    weightMap.set(name, file);
  }
  return { metadata: metadata as Record<string, unknown> | null, weightMap };
}

/** One opened shard: how to get a tensor from it, and how to release its file. */
interface Shard {
  get(name: string): Tensor | undefined;
  close(): void;
}

export interface LoadShardedOptions {
  max_inflated_bytes?: number | null;
}

export class ShardedCheckpoint {
  private readonly shards = new Map<string, Shard>();
  private closed = false;
  /** The index's weight_map: tensor name -> shard file (beside the index). */
  readonly weight_map: ReadonlyMap<string, string>;

  /** @internal Made by load_sharded(path). */
  constructor(
    private readonly folder: string,
    private readonly index: Index,
    private readonly options: LoadShardedOptions,
  ) {
    this.weight_map = index.weightMap;
  }

  private ensureOpen(): void {
    if (this.closed) throw new CheckpointError('File is closed');
  }

  /** Tensor names, sorted (as safe_open.keys()). */
  keys(...args: []): string[] {
    keysSig.bind(args);
    this.ensureOpen();
    return [...this.index.weightMap.keys()].sort();
  }

  /** The index's "metadata" object (transformers writes total_size), or null. */
  metadata(...args: []): Record<string, unknown> | null {
    metadataSig.bind(args);
    this.ensureOpen();
    return this.index.metadata === null ? null : { ...this.index.metadata };
  }

  /** One tensor, read now from its shard (opened on first use). */
  get_tensor(...args: PyArgs<[name: string], { name?: string }>): Tensor {
    const { name } = getTensorSig.bind(args);
    this.ensureOpen();
    const file = this.index.weightMap.get(name);
    if (file === undefined) throw new CheckpointError(`the sharded checkpoint does not contain tensor ${name}`);
    const t = this.shardFor(file).get(name);
    if (t === undefined) throw new CheckpointError(`shard ${file} does not contain tensor ${name}, which the index places there`);
    return t;
  }

  /** Closes every opened shard; later calls throw `File is closed`. */
  close(...args: []): void {
    closeSig.bind(args);
    if (this.closed) return;
    this.closed = true;
    for (const s of this.shards.values()) s.close();
    this.shards.clear();
  }

  /** `using ckpt = load_sharded(...)` closes every shard at the end of the block. */
  [disposeSymbol](): void {
    this.close();
  }

  private shardFor(file: string): Shard {
    let s = this.shards.get(file);
    if (!s) {
      s = this.openShard(`${this.folder}${file}`);
      this.shards.set(file, s);
    }
    return s;
  }

  private openShard(path: string): Shard {
    if (path.toLowerCase().endsWith('.safetensors')) {
      const f = new SafeOpen(openFile(path));
      return { get: (name) => (f.header.tensors.has(name) ? f.get_tensor(name) : undefined), close: () => f.close() };
    }
    return binShard(path, this.options);
  }
}

/** A torch.save shard (a state_dict), its storages read when a tensor is asked for. */
function binShard(path: string, options: LoadShardedOptions): Shard {
  const file: ClosableSource = openFile(path);
  let value: unknown;
  try {
    const loadOptions = { max_inflated_bytes: options.max_inflated_bytes ?? undefined };
    // A zip shard loads lazily; a legacy one (no zip) whole.
    const head = file.read(0, Math.min(4, file.size));
    const zip = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
    value = loadSource(file, loadOptions, zip ? lazyStorages(file) : null, path);
    if (!zip) file.close();
  } catch (e) {
    file.close();
    throw e;
  }
  if (!(value instanceof Map)) {
    file.close();
    throw new CheckpointError(`shard ${path} holds ${typeof value}, not a state_dict`);
  }
  return {
    get(name) {
      const t = value.get(name);
      if (t === undefined) return undefined;
      if (!(t instanceof Tensor)) throw new CheckpointError(`${name} in shard ${path} is not a tensor`);
      // Read now, as get_tensor does, so that close() never strands an unread tensor.
      void t.storage.data;
      return t;
    },
    close: () => file.close(),
  };
}

/** Opens a sharded checkpoint's index json; shards are opened when first used (Node only). */
export function load_sharded(...args: PyArgs<[path: string], LoadShardedOptions & { path?: string }>): ShardedCheckpoint {
  const { path, max_inflated_bytes } = loadShardedSig.bind(args);
  const index = parseIndex(path);
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return new ShardedCheckpoint(path.slice(0, slash + 1), index, { max_inflated_bytes });
}
