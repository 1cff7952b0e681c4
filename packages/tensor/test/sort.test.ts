// sort, argsort and topk against PyTorch: the fixture family tools/fixtures/tensor_cases/sort.py
// (values, positions, the order of equal elements, call forms and PyTorch's messages), then what
// the fixture comparison cannot see (signed zeros' bits, named tuples, autograd-free indices,
// PyTorch's radix-sort path), with numbers recorded from PyTorch 2.13.
import { type FixtureCase, callCase, decodeValue, isEncodedTensor, loadFixture, runFixture } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

// Recorded PyTorch calls whose message lists PyTorch's out= (wick leaves out= out of every signature).
const outListed = "PyTorch's list of overloads shows the out= parameter, which wick leaves out of every signature";
const skip = {
  'sort/bad/dim_twice': outListed,
  'sort/bad/str_dim': outListed,
  'sort/bad/no_input': outListed,
  'sort/bad/stable_int': outListed,
};

describe('sort fixture', () => runFixture('tensor/sort.msgpack', torch, { skip }));

/** Every float element's bits, so that -0.0 and 0.0 (equal to the fixture comparison) differ. */
function floatBits(t: torch.Tensor): string[] {
  return (t.reshape([-1]).tolist() as number[]).map((v) => (Object.is(v, -0) ? '-0' : String(v)));
}

describe('sort fixture, bit for bit', () => {
  const cases = loadFixture('tensor/sort.msgpack').cases.filter((c: FixtureCase) => !c.error && Array.isArray(c.out));
  it(`values keep the sign of each zero (${cases.length} cases)`, () => {
    let zeros = 0;
    for (const c of cases) {
      const { result } = callCase(torch, c);
      const expected = decodeValue((c.out as unknown[])[0]).value as torch.Tensor;
      const got = (result as torch.Tensor[])[0]!;
      if (!isEncodedTensor((c.out as unknown[])[0]) || !expected.is_floating_point()) continue;
      expect(floatBits(got), c.name).toEqual(floatBits(expected));
      zeros += floatBits(expected).filter((b) => b === '-0').length;
    }
    expect(zeros).toBeGreaterThan(50);
  });
});

describe('named tuples', () => {
  const x = torch.tensor([[3, 1, 2], [0, 5, 4]], { dtype: torch.float32 });
  it('sort and topk return [values, indices] with names; argsort the indices', () => {
    const r = x.sort();
    const [values, indices] = r;
    expect(values).toBe(r.values);
    expect(indices).toBe(r.indices);
    expect(values.tolist()).toEqual([[1, 2, 3], [0, 4, 5]]);
    expect(indices.tolist()).toEqual([[1, 2, 0], [0, 2, 1]]);
    expect(indices.dtype).toBe('int64');
    expect(x.topk(2).indices.tolist()).toEqual([[0, 2], [1, 2]]);
    expect(torch.topk(x, 1, 0).values.tolist()).toEqual([[3, 5, 4]]);
    expect(torch.argsort(x, { descending: true }).tolist()).toEqual([[0, 2, 1], [1, 2, 0]]);
  });

  it('record sort (stable null when not given: ATen\'s sort, not sort.stable) and topk in the op table; argsort is sort', () => {
    const seen: [string, object][] = [];
    torch.setRecorder({ record: (op, _inputs, attrs) => void seen.push([op, attrs]) });
    try {
      x.sort(0);
      x.sort({ stable: true, descending: true });
      x.sort({ stable: null });
      x.argsort(0, true);
      x.topk(2, { sorted: false });
    } finally {
      torch.setRecorder(null);
    }
    expect(seen).toEqual([
      ['sort', { dim: 0, descending: false, stable: null }],
      ['sort', { dim: 1, descending: true, stable: true }],
      ['sort', { dim: 1, descending: false, stable: false }],
      ['sort', { dim: 0, descending: true, stable: null }],
      ['topk', { k: 2, dim: 1, largest: true, sorted: false }],
    ]);
  });
});

describe("PyTorch's radix-sort path", () => {
  // PyTorch sends a 1-d integer ascending sort of 32768 or more elements to fbgemm's radix sort,
  // which is stable; one element fewer, or descending, goes to std::sort. x[i] = i % 3 as uint8.
  // The checksums sum(indices[j] * (j + 1)) are PyTorch 2.13's (too many indices for a fixture):
  //   x = (torch.arange(n) % 3).to(torch.uint8); i = x.sort(descending=d).indices
  //   int((i * torch.arange(1, n + 1)).sum())
  const PYTORCH = { radixAscending: 9773496336384, introsort32767: 8590232238944, introsortDescending: 8560156824540 };
  const pattern = (n: number) => torch.arange(n).remainder(3).to(torch.uint8);
  const checksum = (i: torch.Tensor) => (i.tolist() as number[]).reduce((s, v, j) => s + v * (j + 1), 0);

  it('32768 elements ascending come out in the stable order', () => {
    const { indices } = pattern(32768).sort();
    const stable = [0, 1, 2].flatMap((r) => [...Array(32768).keys()].filter((i) => i % 3 === r));
    expect(indices.tolist()).toEqual(stable);
    expect(checksum(indices)).toBe(PYTORCH.radixAscending);
  });
  it('32767 elements, or descending, come out in std::sort order', () => {
    expect(checksum(pattern(32767).sort().indices)).toBe(PYTORCH.introsort32767);
    expect(checksum(pattern(32768).sort({ descending: true }).indices)).toBe(PYTORCH.introsortDescending);
  });
});
