import * as torch from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader, Dataset, IterableDataset, TensorDataset, random_split } from '../src/index.js';

// The README's examples, as written there (the training step left out).

describe('README', () => {
  it('splits, loads and counts as it says', () => {
    torch.manual_seed(1);
    const x = torch.randn(96, 20);
    const y = torch.randint(0, 4, [96]);
    const [train_set, val_set] = random_split(new TensorDataset(x, y), [0.8, 0.2]);
    const train_loader = new DataLoader(train_set!, { batch_size: 16, shuffle: true });
    const val_loader = new DataLoader(val_set!, 32);
    // PyTorch: [77, 19] and len(train_loader) == 5, len(val_loader) == 1
    expect([train_set!.length, val_set!.length]).toEqual([77, 19]);
    expect([train_loader.length, val_loader.length]).toEqual([5, 1]);
    for (let epoch = 0; epoch < 3; epoch++) {
      const seen = [...train_loader].map(([data, target]) => [data!.shape[0], target!.shape[0]]);
      expect(seen).toEqual([[16, 16], [16, 16], [16, 16], [16, 16], [13, 13]]);
    }
  });

  it("datasets written with PyTorch's method names", () => {
    class Squares extends Dataset<{ x: number; y: number }> {
      override __getitem__(index: number) {
        return { x: index, y: index * index };
      }
      override __len__() {
        return 10;
      }
    }
    const ys = [...new DataLoader(new Squares(), 4, true)].map((batch) => batch.y);
    expect(ys.map((t) => t.dtype)).toEqual(['int64', 'int64', 'int64']);
    expect(ys.flatMap((t) => t.tolist() as number[]).sort((a, b) => a - b)).toEqual([0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);

    class Lines extends IterableDataset<string> {
      override *__iter__() {
        yield* ['a', 'b', 'c'];
      }
    }
    expect([...new DataLoader(new Lines(), 2)]).toEqual([['a', 'b'], ['c']]);
  });
});
