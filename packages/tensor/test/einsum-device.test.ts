// torch.einsum on a device other than the CPU (the host-backed stand-in): built from views, sum,
// mul and bmm, it runs there without reading a value, and agrees with the CPU (itself checked
// against PyTorch in tensor/einsum.msgpack).
import { useHostDevice } from '@wick/testing';
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';

useHostDevice();

const values = async (t: Tensor) => Array.from(await t.read() as ArrayLike<unknown>);

describe('einsum on a device', () => {
  const cases: [string, number[][]][] = [
    ['bij,bjk->bik', [[2, 3, 4], [2, 4, 5]]],
    ['ii->i', [[4, 4]]],
    ['iij,jk->ik', [[3, 3, 4], [4, 2]]],
    ['...ij,...jk', [[2, 1, 3, 4], [5, 4, 2]]],
    ['bn,anm,bm->ba', [[2, 3], [4, 3, 5], [2, 5]]],
    ['ij->', [[3, 4]]],
  ];
  for (const [equation, shapes] of cases) {
    it(equation, async () => {
      const cpu = shapes.map((s, k) => torch.arange(s.reduce((a, b) => a * b, 1), { dtype: 'float64' }).sub(k).reshape(s));
      const expected = torch.einsum(equation, cpu);
      const result = torch.einsum(equation, cpu.map((t) => t.to('webgpu')));
      expect(result.device).toBe('webgpu');
      expect(result.shape).toEqual(expected.shape);
      expect(await values(result)).toEqual(Array.from(expected.numpy() as ArrayLike<unknown>));
    });
  }
});
