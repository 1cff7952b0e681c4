// torch.load(path, { mmap: true }): storages that read their record from the open file when a
// tensor using them is first touched. The file closes itself once every lazy storage has been
// read; one dropped unread is closed when the storages are garbage collected (files.ts).

import { type DType, Storage, type TypedArray } from '@wick/tensor';
import type { StorageMaker } from './load.js';
import type { ClosableSource } from './source.js';

export function lazyStorages(file: ClosableSource): StorageMaker {
  let unread = 0;
  let sealed = false;
  const release = (): void => {
    if (sealed && unread === 0) file.close();
  };
  return {
    lazy(dtype: DType, numel: number, load: () => TypedArray): Storage {
      unread++;
      return Storage.lazy(dtype, numel, () => {
        const data = load();
        unread--;
        release();
        return data;
      });
    },
    done() {
      sealed = true;
      release();
    },
  };
}
