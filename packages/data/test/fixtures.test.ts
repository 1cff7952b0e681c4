import * as torch from '@wick/tensor';
import { decodeValue, loadFixture } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import {
  BatchSampler, DataLoader, type DataLoaderOptions, RandomSampler, SubsetRandomSampler, TensorDataset, default_collate,
  random_split,
} from '../src/index.js';
import { Noisy, Stream, expected, plain } from './helpers.js';

// PyTorch's batches, in PyTorch's order, epoch after epoch, from the same torch.manual_seed; and
// the global generator (and a given one) left where PyTorch leaves it: torch.rand(3) after the
// loops must give PyTorch's numbers. Recorded by tools/fixtures/data_cases.py.

interface SamplerSpec {
  kind: string;
  replacement?: boolean;
  num_samples?: number;
  generator?: number | null;
  indices?: number[];
  sampler?: SamplerSpec;
  batch_size?: number;
  drop_last?: boolean;
}

interface LoaderCase {
  name: string;
  seed: number;
  dataset: { kind: string; n: number };
  loader: DataLoaderOptions<unknown, unknown>;
  generator: number | null;
  sampler: SamplerSpec | null;
  batch_sampler: SamplerSpec | null;
  worker_init: string | null;
  break_after: (number | null)[];
  epochs: unknown[][];
  len: number | null;
  after: unknown;
  after_generator: unknown;
}

function makeDataset(spec: { kind: string; n: number }): unknown {
  const { kind, n } = spec;
  if (kind === 'tensors') return new TensorDataset(torch.arange(n), torch.arange(n, { dtype: 'float32' }).mul(0.5));
  if (kind === 'noisy') return new Noisy(n);
  if (kind === 'list') return [...Array(n).keys()];
  if (kind === 'stream') return new Stream(n);
  throw new Error(`unknown dataset ${kind}`);
}

function makeSampler(spec: SamplerSpec, dataset: unknown): Iterable<unknown> {
  const generator = spec.generator == null ? null : new torch.Generator().manual_seed(spec.generator);
  switch (spec.kind) {
    case 'RandomSampler':
      return new RandomSampler(dataset as never, spec.replacement ?? false, spec.num_samples ?? null, generator);
    case 'SubsetRandomSampler':
      return new SubsetRandomSampler(spec.indices!, generator);
    case 'BatchSampler': {
      const inner = makeSampler(spec.sampler!, dataset) as Iterable<number>;
      return new BatchSampler(inner, spec.batch_size!, spec.drop_last!);
    }
    default:
      throw new Error(`unknown sampler ${spec.kind}`);
  }
}

describe('DataLoader: batches and generator state after the same seed (fixtures/data/loaders)', () => {
  for (const c of loadFixture('data/loaders.msgpack').cases as unknown as LoaderCase[]) {
    it(c.name, () => {
      torch.manual_seed(c.seed);
      const dataset = makeDataset(c.dataset);
      const generator = c.generator === null ? null : new torch.Generator().manual_seed(c.generator);
      const options: DataLoaderOptions<unknown, unknown> = { ...c.loader, generator };
      if (c.sampler) options.sampler = makeSampler(c.sampler, dataset);
      if (c.batch_sampler) options.batch_sampler = makeSampler(c.batch_sampler, dataset) as Iterable<number[]>;
      if (c.worker_init === 'draw') options.worker_init_fn = (id: number) => void torch.rand(id + 1);
      const loader = new DataLoader(dataset as never, options);
      if (c.len === null) expect(() => loader.length).toThrow(TypeError);
      else expect(loader.length).toBe(c.len);
      c.epochs.forEach((batches, e) => {
        const got: unknown[] = [];
        for (const batch of loader) {
          got.push(plain(batch));
          if (c.break_after[e] != null && got.length >= c.break_after[e]!) break;
        }
        expect(got, `epoch ${e}`).toEqual(batches.map(expected));
      });
      expect(plain(torch.rand(3)), 'torch.rand(3) after the loops').toEqual(expected(c.after));
      if (generator !== null) {
        expect(plain(torch.rand(3, { generator })), 'the given generator').toEqual(expected(c.after_generator));
      }
    });
  }
});

interface SplitCase {
  name: string;
  seed: number;
  n: number;
  lengths: number[];
  generator: number | null;
  splits: number[][];
  after: unknown;
}

describe('random_split (fixtures/data/splits)', () => {
  for (const c of loadFixture('data/splits.msgpack').cases as unknown as SplitCase[]) {
    it(c.name, () => {
      torch.manual_seed(c.seed);
      const dataset = new TensorDataset(torch.arange(c.n));
      const splits = c.generator === null
        ? random_split(dataset, c.lengths)
        : random_split(dataset, c.lengths, new torch.Generator().manual_seed(c.generator));
      expect(splits.map((s) => s.indices)).toEqual(c.splits);
      expect(splits.map((s) => s.__len__())).toEqual(c.splits.map((s) => s.length));
      // Each split reads the dataset at its indices.
      const read = splits.map((s, k) => s.__getitems__(c.splits[k]!.map((_, i) => i)).map(([x]) => x!.item()));
      expect(read).toEqual(c.splits);
      expect(plain(torch.rand(3))).toEqual(expected(c.after));
    });
  }
});

describe('default_collate (fixtures/data/collate)', () => {
  for (const c of loadFixture('data/collate.msgpack').cases) {
    it(c.name, () => {
      const batch = decodeValue(c.batch).value as unknown[];
      expect(plain(default_collate(batch))).toEqual(expected(c.out));
    });
  }
});

