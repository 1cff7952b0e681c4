import * as torch from '@wick/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DataLoader, Dataset, IterableDataset, Subset, TensorDataset, type WorkerInfo, default_collate, get_worker_info,
  random_split,
} from '../src/index.js';
import { resetWarnings } from '../src/warnings.js';
import { plain, raises } from './helpers.js';

// What the fixtures do not show: warnings PyTorch gives, the workers' view of the world, errors
// and timeouts inside workers, and how JS values collate.

const ds = new TensorDataset(torch.arange(6, { dtype: 'float32' }));
const batches = (loader: Iterable<unknown>) => [...loader].map(plain);

function warnings(fn: () => unknown): string[] {
  resetWarnings();
  const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  try {
    fn();
    return spy.mock.calls.map((c) => `${(c[1] as { type: string }).type}: ${String(c[0])}`);
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => resetWarnings());

describe('arguments wick cannot honour as PyTorch does: answered as PyTorch answers without an accelerator', () => {
  it('pin_memory: the same batches, and PyTorch\'s warning', () => {
    let got: unknown[] = [];
    const shown = warnings(() => (got = batches(new DataLoader(ds, { batch_size: 4, pin_memory: true }))));
    expect(got).toEqual(batches(new DataLoader(ds, { batch_size: 4 })));
    expect(shown).toEqual([
      "UserWarning: 'pin_memory' argument is set as true but no accelerator is found, " +
        "then device pinned memory won't be used.",
    ]);
    const device = warnings(() => batches(new DataLoader(ds, { pin_memory: true, pin_memory_device: 'cuda' })));
    expect(device[0]).toBe(
      'UserWarning: pin_memory_device is deprecated, the current accelerator will be used as the device,' +
        "ignore pin_memory_device='cuda'.",
    );
  });

  it('random_split warns of an empty split', () => {
    const shown = warnings(() => random_split(ds, [0.5, 0.5, 0]));
    expect(shown).toEqual(['UserWarning: Length of split at index 2 is 0. This might result in an empty dataset.']);
  });

  it('an IterableDataset that yields more than its __len__', () => {
    class Liar extends IterableDataset<number> {
      override *__iter__() {
        yield* [1, 2, 3];
      }
      override __len__() {
        return 1;
      }
    }
    const loader = new DataLoader(new Liar());
    expect(loader.length).toBe(1);
    const shown = warnings(() => batches(loader));
    expect(shown[0]).toBe(
      'UserWarning: Length of IterableDataset <Liar object> was reported to be 1(when accessing len(dataloader)), ' +
        'but 2 samples have been fetched. ',
    );
  });
});

describe('num_workers > 0: the workers run in the calling thread', () => {
  it("same batches as num_workers=0 for a deterministic map-style dataset, in PyTorch's order", () => {
    torch.manual_seed(3);
    const single = batches(new DataLoader(ds, { batch_size: 2, shuffle: true }));
    torch.manual_seed(3);
    const workers = new DataLoader(ds, { batch_size: 2, shuffle: true, num_workers: 3, in_order: false });
    expect(batches(workers)).toEqual(single);
  });

  it('worker_init_fn and the dataset see get_worker_info(); the caller does not', () => {
    const seen: [string, number, number][] = [];
    let info: WorkerInfo | null = null;
    class Spy extends Dataset<number> {
      override __getitem__(i: number) {
        info = get_worker_info();
        seen.push(['item', info!.id, i]);
        return i;
      }
      override __len__() {
        return 5;
      }
    }
    const spy = new Spy();
    const loader = new DataLoader(spy, {
      batch_size: 2,
      num_workers: 2,
      worker_init_fn: (id: number) => void seen.push(['init', get_worker_info()!.id, id]),
    });
    const it = loader[Symbol.iterator]();
    expect(seen.filter(([k]) => k === 'init')).toEqual([['init', 0, 0], ['init', 1, 1]]);
    expect(get_worker_info()).toBeNull();
    expect([...it].map(plain)).toEqual([[0, 1], [2, 3], [4]].map((v) => plain(torch.tensor(v))));
    // Batch k goes to worker k mod num_workers, as PyTorch hands them out.
    const items = seen.filter(([k]) => k === 'item').map(([, w, i]) => [w, i]);
    expect(items).toEqual([[0, 0], [0, 1], [1, 2], [1, 3], [0, 4]]);
    const last = info as WorkerInfo | null;
    expect(last!.num_workers).toBe(2);
    expect(last!.dataset).toBe(spy);
    expect(typeof last!.seed === 'number' || typeof last!.seed === 'bigint').toBe(true);
  });

  it("a worker's error reaches the loop at that batch, and the loop can go on", () => {
    class Faulty extends Dataset<number> {
      override __getitem__(i: number) {
        if (i === 2) throw new RangeError('bad sample');
        return i;
      }
      override __len__() {
        return 4;
      }
    }
    const it = new DataLoader(new Faulty(), { batch_size: 2, num_workers: 2 })[Symbol.iterator]();
    expect(plain(it.next().value)).toEqual(plain(torch.tensor([0, 1])));
    expect(() => it.next()).toThrow('bad sample');
    expect(it.next().done).toBe(true);
    const failingInit = new DataLoader(ds, {
      num_workers: 1,
      worker_init_fn: () => {
        throw new RangeError('no init');
      },
    });
    expect(() => batches(failingInit)).toThrow('no init');
  });

  it('timeout: a batch that takes longer is a RuntimeError, and waits for the next call', () => {
    class Slow extends Dataset<number> {
      override __getitem__(i: number) {
        const until = performance.now() + 30;
        while (performance.now() < until);
        return i;
      }
      override __len__() {
        return 2;
      }
    }
    const it = new DataLoader(new Slow(), { batch_size: 2, num_workers: 1, timeout: 0.01 })[Symbol.iterator]();
    raises(() => it.next(), 'RuntimeError', 'DataLoader timed out after 0.01 seconds');
    expect(plain(it.next().value)).toEqual(plain(torch.tensor([0, 1])));
  });

  it('each worker iterates an IterableDataset: without sharding, each sample comes once per worker', () => {
    class Three extends IterableDataset<number> {
      override *__iter__() {
        yield* [0, 1, 2];
      }
    }
    // PyTorch: [b.tolist() for b in DataLoader(Three(), batch_size=2, num_workers=2)] -> [[0, 1], [0, 1], [2], [2]]
    expect(batches(new DataLoader(new Three(), { batch_size: 2, num_workers: 2 }))).toEqual(
      [[0, 1], [0, 1], [2], [2]].map((v) => plain(torch.tensor(v))),
    );
  });
});

describe('datasets and collation with JS values', () => {
  it('a Subset is read a batch at a time through __getitems__', () => {
    const calls: number[][] = [];
    class Batched extends Subset<torch.Tensor[]> {
      override __getitems__(indices: readonly number[]) {
        calls.push([...indices]);
        return super.__getitems__(indices);
      }
    }
    expect(batches(new DataLoader(new Batched(ds, [5, 3, 1]), 2))).toEqual([
      [plain(torch.tensor([5, 3], { dtype: 'float32' }))],
      [plain(torch.tensor([1], { dtype: 'float32' }))],
    ]);
    expect(calls).toEqual([[0, 1], [2]]);
  });

  it('a dataset written as a plain object goes by name', () => {
    const squares = { __getitem__: (i: number) => i * i, __len__: () => 4 };
    const loader = new DataLoader({ dataset: squares, batch_size: 3 });
    expect(batches(loader)).toEqual([plain(torch.tensor([0, 1, 4])), plain(torch.tensor([9]))]);
  });

  it('typed arrays are stacked as tensors of their dtype; Maps and objects key by key', () => {
    expect(plain(default_collate([new Float32Array([1, 2]), new Float32Array([3, 4])]))).toEqual(
      plain(torch.tensor([[1, 2], [3, 4]], { dtype: 'float32' })),
    );
    const m = (k: number) => new Map<string, unknown>([['x', torch.ones(2).mul(k)], ['label', k]]);
    expect(plain(default_collate([m(1), m(2)]))).toEqual({
      x: plain(torch.tensor([[1, 1], [2, 2]], { dtype: 'float32' })),
      label: plain(torch.tensor([1, 2])),
    });
    const mixed = default_collate([{ s: 'a', n: 1n }, { s: 'b', n: 2n }]);
    expect(plain(mixed)).toEqual({ s: ['a', 'b'], n: plain(torch.tensor([1, 2])) });
  });

  it('numbers: all integers give int64, any fraction float64 (README: JS numbers)', () => {
    expect(plain(default_collate([1, 2]))).toEqual(plain(torch.tensor([1, 2])));
    expect(default_collate([0.5, 1]).dtype).toBe('float64');
    // PyTorch: float32 for [1, 0.5] (an int first), float64 for [1.0, 0.5]
    expect(default_collate([1, 0.5]).dtype).toBe('float64');
    expect(default_collate([true, false]).dtype).toBe('bool');
  });
});
