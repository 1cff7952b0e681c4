import { describe, expect, it } from 'vitest';
import { Storage, Tensor, WickError } from '../src/index.js';

describe('Storage.lazy', () => {
  it('knows dtype and length at once and reads its data once, on first use', () => {
    let reads = 0;
    const s = Storage.lazy('float32', 6, () => {
      reads++;
      return new Float32Array([0, 1, 2, 3, 4, 5]);
    });
    expect([s.device, s.dtype, s.length, s.materialised, reads]).toEqual(['cpu', 'float32', 6, false, 0]);
    // Views and shape ops do not read.
    const t = new Tensor(s, [2, 3], [3, 1], 0).transpose(0, 1).narrow(0, 1, 2);
    expect(t.shape).toEqual([2, 2]);
    expect(reads).toBe(0);
    expect(t.tolist()).toEqual([[1, 4], [2, 5]]);
    expect(t.add(1).tolist()).toEqual([[2, 5], [3, 6]]);
    expect([s.materialised, reads]).toEqual([true, 1]);
  });

  it('a failed read leaves it unread (the next use tries again); a wrong length is refused by name', () => {
    let fail = true;
    const s = Storage.lazy('int32', 2, () => {
      if (fail) throw new Error('disk gone');
      return new Int32Array([7, 8]);
    });
    expect(() => s.data).toThrow('disk gone');
    expect(s.materialised).toBe(false);
    fail = false;
    expect([...(s.data as Int32Array)]).toEqual([7, 8]);
    const wrong = Storage.lazy('int32', 3, () => new Int32Array(2));
    expect(() => wrong.data).toThrow(WickError);
    expect(() => wrong.data).toThrow('a lazy storage of 3 elements of int32 was given an array of 2');
    // A complex element is two slots of its array.
    expect([...(Storage.lazy('complex64', 2, () => new Float32Array([1, 2, 3, 4])).data as Float32Array)]).toEqual([1, 2, 3, 4]);
  });

  it('Storage.cpu is unchanged: materialised, data as given', () => {
    const data = new Float64Array([1, 2]);
    const s = Storage.cpu('float64', data);
    expect(s.data).toBe(data);
    expect([s.length, s.materialised]).toEqual([2, true]);
  });
});
