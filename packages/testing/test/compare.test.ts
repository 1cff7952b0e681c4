import * as torch from '@wick/tensor';
import { describe, expect, it } from 'vitest';
import { compareTensors, loadFixture, ulpDistance } from '../src/index.js';

describe('ULP distance', () => {
  it('counts representable values between two floats', () => {
    expect(ulpDistance(1, 1 + 2 ** -23, 'float32')).toBe(1);
    expect(ulpDistance(1, 1 + 2 ** -52, 'float64')).toBe(1);
    expect(ulpDistance(-(2 ** -149), 2 ** -149, 'float32')).toBe(2); // across zero, -0 == +0
    expect(ulpDistance(NaN, NaN, 'float32')).toBe(0);
    expect(ulpDistance(NaN, 1, 'float32')).toBe(Infinity);
    expect(ulpDistance(Infinity, 3.4e38, 'float32')).toBe(Infinity);
    expect(ulpDistance(1, 1 + 2 ** -10, 'float16')).toBe(1);
  });
});

describe('tensor comparison', () => {
  it('is exact for integers and bounded for floats', () => {
    const a = torch.tensor([1, 2, 3]);
    expect(compareTensors(a, torch.tensor([1, 2, 3])).ok).toBe(true);
    expect(compareTensors(a, torch.tensor([1, 2, 4])).problem).toBe('element 2 is 3, expected 4 (exact)');
    const f = torch.tensor([1, 1 + 2 ** -23], { dtype: torch.float32 });
    const g = torch.tensor([1, 1], { dtype: torch.float32 });
    expect(compareTensors(f, g).ok).toBe(false);
    expect(compareTensors(f, g, { ulp: 1 }).ok).toBe(true);
    expect(compareTensors(f, g, { atol: 2 ** -23 }).ok).toBe(true);
    expect(compareTensors(f, torch.tensor([1, 1], { dtype: torch.float64 })).problem).toBe('dtype float32, expected float64');
  });
});

describe('fixtures', () => {
  it('load from the repository with PyTorch version metadata', () => {
    const fixture = loadFixture('tensor/shape.msgpack');
    expect(String(fixture.meta.torch)).toMatch(/^2\.13/);
    expect(fixture.cases.length).toBeGreaterThan(100);
  });
});
