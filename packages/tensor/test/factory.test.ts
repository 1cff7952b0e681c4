// Size and option arguments of the factory functions (zeros, empty, rand, ...): the JavaScript
// spellings of PyTorch's f(*size, dtype=...) that the fixtures cannot show.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

describe('factory arguments', () => {
  it('accepts sizes as numbers or one array, with or without options', () => {
    expect(torch.zeros(2, 3).shape).toEqual([2, 3]);
    expect(torch.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(torch.zeros([2, 3], { dtype: 'float64' }).dtype).toBe('float64');
    expect(torch.zeros(2, 3, { dtype: 'int32' }).dtype).toBe('int32');
  });

  it('takes options passed as undefined as no options (a wrapper forwarding an optional argument)', () => {
    const opts: torch.TensorOptions | undefined = undefined;
    const t = torch.empty([2, 3], opts);
    expect([t.shape, t.dtype]).toEqual([[2, 3], 'float32']);
    expect(torch.ones(4, opts).shape).toEqual([4]);
    expect(torch.rand([2, 2], undefined).shape).toEqual([2, 2]);
  });

  it('names a bad size (PyTorch: a TypeError) and a negative one', () => {
    // Messages from PyTorch 2.13: torch.zeros(2.5), torch.zeros([2, 3], 4), torch.zeros(2, 3.5), ...
    expect(() => torch.zeros(2.5)).toThrow("zeros(): argument 'size' (position 1) must be tuple of ints, not float");
    expect(() => torch.zeros([2, 3] as never, 4 as never)).toThrow('zeros() takes 1 positional argument but 2 were given');
    expect(() => torch.zeros(2, 3.5)).toThrow('zeros(): argument \'size\' failed to unpack the object at pos 2 with error "type must be tuple of ints,but got float"');
    expect(() => torch.zeros([2.5, 2])).toThrow("zeros(): argument 'size' (position 1) must be tuple of ints, but found element of type float at pos 0");
    expect(() => torch.empty(2, -1)).toThrow('Trying to create tensor with negative dimension -1: [2, -1]');
    expect(() => torch.zeros(2, -1)).toThrow('zeros: Dimension size must be non-negative.');
  });
});
