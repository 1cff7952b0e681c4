import * as torch from '@wick/tensor';
import { type Tensor } from '@wick/tensor';
import { decodeValue, expectRaises } from '@wick/testing';
import { Dataset, IterableDataset, get_worker_info } from '../src/index.js';

/** A value with its tensors spelled out (dtype, shape, exact values), for toEqual. */
export function plain(v: unknown): unknown {
  if (v instanceof torch.Tensor) return { dtype: v.dtype, shape: [...v.shape], values: v.tolist() };
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** A fixture's encoded value, as plain() spells it. */
export const expected = (encoded: unknown): unknown => plain(decodeValue(encoded).value);

/** tools/fixtures/data_cases.py's Noisy: sample i is torch.rand(2) + i, from whichever generator is global. */
export class Noisy extends Dataset<Tensor> {
  constructor(readonly n: number) {
    super();
  }

  override __getitem__(i: number): Tensor {
    return torch.rand(2).add(i);
  }

  override __len__(): number {
    return this.n;
  }
}

/** tools/fixtures/data_cases.py's Stream: torch.rand(1) + i for i in this worker's half of range(n). */
export class Stream extends IterableDataset<Tensor> {
  constructor(readonly n: number) {
    super();
  }

  override *__iter__(): IterableIterator<Tensor> {
    let start = 0;
    let end = this.n;
    const info = get_worker_info();
    if (info !== null) {
      const perWorker = Math.ceil(this.n / info.num_workers);
      start = info.id * perWorker;
      end = Math.min(start + perWorker, this.n);
    }
    for (let i = start; i < end; i++) yield torch.rand(1).add(i);
  }
}

/** fn raises PyTorch's exception type with its exact message. */
export const raises = expectRaises;
