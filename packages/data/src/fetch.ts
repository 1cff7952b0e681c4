import { Tensor } from '@wick/tensor';
import { getItem, iter, len } from './python.js';

// PyTorch's dataset fetchers (torch/utils/data/_utils/fetch.py): what one step of a DataLoader
// iterator reads for the index (or list of indices) its sampler gave, and collates.

/** A fetch that found the iterable dataset exhausted (PyTorch raises StopIteration). */
export const STOP: unique symbol = Symbol('StopIteration');

export interface Fetcher {
  fetch(possiblyBatchedIndex: unknown): unknown;
}

type Collate = (data: unknown) => unknown;

/** The indices of one batch as a list (a batch sampler may yield any iterable, a Tensor's rows). */
function indicesOf(batch: unknown): unknown[] {
  if (Array.isArray(batch)) return batch;
  if (batch instanceof Tensor) return batch.unbind(0);
  const out: unknown[] = [];
  for (let it = iter<unknown>(batch), r = it.next(); !r.done; r = it.next()) out.push(r.value);
  return out;
}

export function mapFetcher(dataset: unknown, autoCollation: boolean, collate: Collate): Fetcher {
  const getItems = (dataset as { __getitems__?: unknown } | null)?.__getitems__;
  return {
    fetch(index) {
      if (!autoCollation) return collate(getItem(dataset, index));
      const indices = indicesOf(index);
      if (typeof getItems === 'function') return collate(getItems.call(dataset, indices));
      return collate(indices.map((i) => getItem(dataset, i)));
    },
  };
}

/** Reads the dataset's iterator; made when PyTorch makes it (iter(dataset) at the fetcher's creation). */
export function iterableFetcher(
  dataset: unknown,
  autoCollation: boolean,
  collate: Collate,
  dropLast: boolean,
): Fetcher {
  const source = iter<unknown>(dataset);
  let ended = false;
  return {
    fetch(index) {
      if (ended) return STOP;
      if (!autoCollation) {
        const r = source.next();
        return r.done ? STOP : collate(r.value);
      }
      const data: unknown[] = [];
      const want = len(index);
      for (let k = 0; k < want; k++) {
        const r = source.next();
        if (r.done) {
          ended = true;
          break;
        }
        data.push(r.value);
      }
      if (data.length === 0 || (dropLast && data.length < want)) return STOP;
      return collate(data);
    },
  };
}
