// Reading by path (positional reads), lazy loading (mmap), safe_open's API with get_slice and
// close, sharded checkpoints, and the zip reader's inflate limit. Expected values come from
// fixtures/serialize (PyTorch 2.13 and the safetensors library; see
// tools/fixtures/serialize_cases/scale.py).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '@msgpack/msgpack';
import { fixturesDir } from '@wick/testing';
import { type IndexItem, Tensor, WickError, itemsize } from '@wick/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError, SafetensorsError, load, load_sharded, safetensors } from '../src/index.js';
import { TreeEncoder, normalize } from './encode.js';

const dir = join(fixturesDir(), 'serialize');
const tmp = mkdtempSync(join(tmpdir(), 'wick-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const scale = join(dir, 'scale');
const corpus = decode(readFileSync(join(dir, 'expected.msgpack')), { useBigInt64: true }) as {
  cases: { file: string; kind: string; value?: unknown }[];
};
interface Encoded { dtype: string; shape: number[]; data: Uint8Array }
const expected = decode(readFileSync(join(scale, 'expected.msgpack')), { useBigInt64: true }) as {
  slices: {
    file: string; shapes: Record<string, number[]>; dtypes: Record<string, string>;
    keys: string[]; offset_keys: string[]; metadata: Record<string, string> | null;
    cases: { name: string; index: IndexItem[]; value?: Encoded; error?: { class: string; message: string } }[];
  };
  sharded: { index: string; metadata: Record<string, unknown>; tensors: Record<string, Encoded> }[];
};

/** The open file descriptors of this process. */
const openFds = (): number => readdirSync('/proc/self/fd').length;

/** dtype, shape and the elements' little-endian bytes in logical order, as encode.py writes them. */
function encoded(t: Tensor): Encoded {
  const c = t.contiguous();
  const data = c.storage.data!;
  const size = itemsize(c.dtype);
  const bytes = new Uint8Array(data.buffer, data.byteOffset + c.offset * size, c.shape.reduce((a, b) => a * b, 1) * size);
  return { dtype: c.dtype, shape: [...c.shape], data: bytes.slice() };
}

describe('torch.load by path', () => {
  const cases = corpus.cases.filter((c) => c.kind === 'pt' && c.value !== undefined);
  it.each(cases.map((c) => [c.file, c] as const))('%s: eager and mmap load to what PyTorch saved', (_, c) => {
    const path = join(dir, c.file);
    expect(new TreeEncoder().value(load(path))).toEqual(normalize(c.value));
    if (c.file.includes('legacy')) return;
    expect(new TreeEncoder().value(load(path, { mmap: true }))).toEqual(normalize(c.value));
  });

  it('mmap reads no storage until a tensor is used, and closes the file once all are read', () => {
    const before = openFds();
    const sd = load(join(dir, 'checkpoint.pt'), null, null, { mmap: true }) as Map<string, unknown>;
    const model = sd.get('model') as Map<string, Tensor>;
    const tensors = [...model.values()];
    expect(tensors.every((t) => !t.storage.materialised)).toBe(true);
    expect(openFds()).toBe(before + 1);
    const seen = new TreeEncoder();
    for (const t of tensors) seen.tensor(t);
    expect(tensors.every((t) => t.storage.materialised)).toBe(true);
    // The optimizer state's storages are still unread: the file stays open for them.
    expect(openFds()).toBe(before + 1);
    new TreeEncoder().value(sd);
    expect(openFds()).toBe(before);
  });

  it('a lazy checkpoint dropped unread releases its file when collected', () => {
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--conditions=wick-source', '--import', 'tsx', fileURLToPath(new URL('gc-release.child.ts', import.meta.url)), join(dir, 'checkpoint.pt')],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ opened: 1, after: 0, dropped: true });
  });

  it("refuses mmap where PyTorch does, with PyTorch's words", () => {
    expect(() => load(readFileSync(join(dir, 'checkpoint.pt')), { mmap: true })).toThrow('f must be a file path in order to use the mmap argument');
    const legacy = join(dir, 'checkpoint_legacy.pt');
    expect(() => load(legacy, { mmap: true })).toThrow(CheckpointError);
    expect(() => load(legacy, { mmap: true })).toThrow(
      `mmap can only be used with files saved with \`torch.save(${legacy}, _use_new_zipfile_serialization=True), please torch.save your checkpoint with this option in order to use mmap.`,
    );
  });

  it('needs no process.getBuiltinModule (Node before 20.16 has none)', () => {
    const proc = process as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      expect((load(join(dir, 'layer_linear.pt')) as Map<string, Tensor>).get('weight')!.shape).toEqual([3, 4]);
      expect(safetensors.load(join(scale, expected.slices.file)).get('w')!.shape).toEqual([4, 5, 6]);
    } finally {
      proc.getBuiltinModule = saved;
    }
  });

  it('a failed load closes the file', () => {
    const before = openFds();
    for (const file of ['zip_duplicate_data_pkl.pt', 'zip_inflates_short.pt']) {
      for (const mmap of [false, true]) expect(() => load(join(dir, file), { mmap })).toThrow(CheckpointError);
    }
    expect(openFds()).toBe(before);
  });
});

describe('max_inflated_bytes', () => {
  const path = join(dir, 'deflated.pt');
  it('caps what deflated records inflate to, all together; by name and positionally', () => {
    expect(load(path, { max_inflated_bytes: 100_000 })).toBeInstanceOf(Map);
    expect(() => load(path, { max_inflated_bytes: 10 })).toThrow(CheckpointError);
    expect(() => load(readFileSync(path), { max_inflated_bytes: 10 })).toThrow(
      'PytorchStreamReader failed reading zip archive: deflated records would inflate to more than max_inflated_bytes=10 bytes',
    );
    expect(() => load({ f: path, max_inflated_bytes: 'many' } as never)).toThrow("argument 'max_inflated_bytes' must be int, not str");
  });
});

describe('safe_open', () => {
  const file = join(scale, expected.slices.file);

  it('keys, offset_keys, metadata, get_tensor; close and Symbol.dispose release the file', () => {
    const before = openFds();
    const f = safetensors.safe_open(file, { framework: 'pt' });
    expect(openFds()).toBe(before + 1);
    expect(f.keys()).toEqual(expected.slices.keys);
    expect(f.offset_keys()).toEqual(expected.slices.offset_keys);
    expect(f.metadata()).toEqual(expected.slices.metadata);
    const all = f.get_tensors();
    expect([...all.keys()]).toEqual(expected.slices.offset_keys);
    expect(all.get('w')!.shape).toEqual(expected.slices.shapes.w);
    f.close();
    expect(openFds()).toBe(before);
    expect(() => f.keys()).toThrow(new SafetensorsError('File is closed'));
    expect(() => f.get_tensor('w')).toThrow('File is closed');
    f.close();
    const g = safetensors.safe_open(file);
    g[Symbol.dispose]();
    expect(openFds()).toBe(before);
    expect(() => Reflect.apply(g.close, g, [1])).toThrow('safe_open.close() takes 1 positional argument but 2 were given');
  });

  it('1,000 safe_open/close cycles and 300 refused headers leave no descriptor open', () => {
    const before = openFds();
    for (let i = 0; i < 1000; i++) safetensors.safe_open(file).close();
    const bad = join(tmp, 'bad-header.safetensors');
    writeFileSync(bad, Buffer.from('0800000000000000{"a":1}x', 'latin1'));
    for (let i = 0; i < 300; i++) expect(() => safetensors.safe_open(bad)).toThrow(SafetensorsError);
    expect(openFds()).toBe(before);
  });

  it('get_slice: shape, dtype, and every index form as the safetensors library slices', () => {
    using f = safetensors.safe_open(file);
    for (const [name, shape] of Object.entries(expected.slices.shapes)) {
      const s = f.get_slice(name);
      expect(s.get_shape()).toEqual(shape);
      expect(s.get_dtype()).toBe(expected.slices.dtypes[name]);
    }
    for (const c of expected.slices.cases) {
      const s = f.get_slice({ name: c.name });
      const what = `${c.name}[${JSON.stringify(c.index)}]`;
      if (c.value) {
        expect(encoded(s.__getitem__(c.index)), what).toEqual(normalize(c.value));
        expect(encoded(s.__getitem__({ index: c.index })), what).toEqual(normalize(c.value));
      } else {
        let error: unknown;
        try {
          s.__getitem__(c.index);
        } catch (e) {
          error = e;
        }
        expect(WickError.isInstance(error), what).toBe(true);
        expect((error as Error).name, what).toBe(c.error!.class);
        expect((error as Error).message, what).toBe(c.error!.message);
      }
    }
    // Advanced indices read the whole tensor, then index it as Tensor.__getitem__ does.
    expect(f.get_slice('w').__getitem__([[0, 3], 0, 0]).tolist()).toEqual([0, 90]);
    expect(() => f.get_slice('nope')).toThrow('File does not contain tensor nope');
    const slice = f.get_slice('w');
    expect(() => Reflect.apply(slice.get_shape, slice, [1])).toThrow('PySafeSlice.get_shape() takes 1 positional argument but 2 were given');
    expect(() => Reflect.apply(slice.get_dtype, slice, [1])).toThrow('PySafeSlice.get_dtype() takes 1 positional argument but 2 were given');
    expect(() => slice.__getitem__({ bogus: 0 } as never)).toThrow('only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got dict)');
    expect(() => Reflect.apply(f.get_tensors, f, [1])).toThrow('safe_open.get_tensors() takes 1 positional argument but 2 were given');
    expect(() => Reflect.apply(f.offset_keys, f, [1])).toThrow('safe_open.offset_keys() takes 1 positional argument but 2 were given');
    expect(() => f.get_slice(3 as never)).toThrow("argument 'name' (position 1) must be str, not int");
  });

  it('get_slice reads only the bytes the result needs', () => {
    const bytes = readFileSync(file);
    let read = 0;
    const source = { size: bytes.length, read: (at: number, n: number) => ((read += n), bytes.subarray(at, at + n)) };
    const f = new safetensors.SafeOpen(source);
    const header = read;
    const s = f.get_slice('w');
    s.__getitem__(2);
    expect(read - header).toBe(5 * 6 * 4);
    read = header;
    s.__getitem__(['...', 1]); // one float per row: 20 runs spread over the whole tensor
    expect(read - header).toBe(20 * 4);
    read = header;
    s.__getitem__(['1:3', '::2']); // two rows of 3 of 5 rows each: dense enough to read as spans
    expect(read - header).toBeLessThanOrEqual(2 * 5 * 6 * 4);
  });
});

describe('load_sharded', () => {
  it.each(expected.sharded.map((c) => [c.index, c] as const))('%s: one lazy mapping over the shards', (_, c) => {
    const before = openFds();
    const ckpt = load_sharded(join(scale, c.index));
    expect(openFds()).toBe(before);
    expect(ckpt.keys()).toEqual(Object.keys(c.tensors).sort());
    expect(ckpt.metadata()).toEqual(normalize(c.metadata));
    const first = Object.keys(c.tensors)[0]!;
    expect(encoded(ckpt.get_tensor(first))).toEqual(normalize(c.tensors[first]));
    expect(openFds()).toBeLessThanOrEqual(before + 1);
    for (const [name, want] of Object.entries(c.tensors)) expect(encoded(ckpt.get_tensor({ name })), name).toEqual(normalize(want));
    expect(() => ckpt.get_tensor('missing')).toThrow('the sharded checkpoint does not contain tensor missing');
    ckpt[Symbol.dispose]();
    expect(openFds()).toBe(before);
    expect(() => ckpt.keys()).toThrow('File is closed');
  });

  it('refuses what is not an index, by name; binds like any callable', () => {
    expect(() => load_sharded(join(dir, 'checkpoint.pt'))).toThrow(CheckpointError);
    const bad = join(tmp, 'index.json');
    writeFileSync(bad, JSON.stringify({ weight_map: { a: '../../etc/passwd' } }));
    expect(() => load_sharded(bad)).toThrow('shard file "../../etc/passwd" is outside the index\'s folder');
    writeFileSync(bad, JSON.stringify({ metadata: {} }));
    expect(() => load_sharded({ path: bad })).toThrow('expected a "weight_map" object of tensor name -> shard file');
    expect(() => load_sharded(bad, { bogus: 1 } as never)).toThrow("load_sharded() got an unexpected keyword argument 'bogus'");
    expect(() => load_sharded(5 as never)).toThrow("argument 'path' (position 1) must be str, not int");
    using ckpt = load_sharded(join(scale, expected.sharded[0]!.index));
    expect(() => ckpt.get_tensor(5 as never)).toThrow("argument 'name' (position 1) must be str, not int");
    for (const m of ['keys', 'metadata', 'close'] as const) {
      expect(() => Reflect.apply(ckpt[m], ckpt, [1])).toThrow(`ShardedCheckpoint.${m}() takes 1 positional argument but 2 were given`);
    }
  });
});

it('Tensor is the class the loaders build', () => {
  expect(load(join(dir, 'deflated.pt')) instanceof Map).toBe(true);
  expect((load(join(dir, 'deflated.pt')) as Map<string, unknown>).get('w')).toBeInstanceOf(Tensor);
});
