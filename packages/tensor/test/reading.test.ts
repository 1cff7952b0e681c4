import { describe, expect, it } from 'vitest';
import { ArgumentError, arange, ones, tensor } from '../src/index.js';

// Reading values: numpy() (PyTorch's, as a typed array), tolist(), item(), and the asynchronous
// read() that works on every device.

describe('numpy()', () => {
  it('shares memory with a contiguous tensor, as numpy() does', () => {
    const x = arange(6, { dtype: 'float32' }).reshape(2, 3);
    const a = x.numpy();
    expect(a).toBeInstanceOf(Float32Array);
    a[0] = 7; // PyTorch: a = x.numpy(); a[0, 0] = 7; x[0, 0] -> 7.0
    expect(x.tolist()).toEqual([[7, 1, 2], [3, 4, 5]]);
    const row = x.select(0, 1).numpy();
    expect(row).toEqual(new Float32Array([3, 4, 5]));
    row[0] = -1;
    expect(x.select(0, 1).tolist()).toEqual([-1, 4, 5]);
  });

  it('copies, in logical order, what typed arrays cannot view: strided, float16, force=True', () => {
    const x = arange(6, { dtype: 'float64' }).reshape(2, 3);
    expect(x.t().numpy()).toEqual(new Float64Array([0, 3, 1, 4, 2, 5]));
    expect(tensor([1.5, -2], { dtype: 'float16' }).numpy()).toEqual(new Float32Array([1.5, -2]));
    const forced = x.numpy({ force: true });
    forced[0] = 9;
    expect(x.select(0, 0).tolist()).toEqual([0, 1, 2]);
    expect(tensor([2n ** 60n]).numpy()).toEqual(new BigInt64Array([2n ** 60n]));
  });

  it("refuses a tensor that requires grad, with PyTorch's message, unless forced", () => {
    const w = ones([2], { requires_grad: true });
    expect(() => w.numpy()).toThrow("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    expect(w.numpy({ force: true })).toEqual(new Float32Array([1, 1]));
    expect(w.detach().numpy()).toEqual(new Float32Array([1, 1]));
    expect(() => Reflect.apply(w.numpy, w, [5])).toThrow(new ArgumentError('numpy() takes 0 positional arguments but 1 was given'));
  });
});

describe('tolist(), item(), read()', () => {
  it('read the values; item() needs exactly one', async () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(x.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(x.select(0, 1).select(0, 0).item()).toBe(3);
    expect(() => x.item()).toThrow('a Tensor with 4 elements cannot be converted to Scalar');
    expect(await x.t().read()).toEqual(new BigInt64Array([1n, 3n, 2n, 4n]));
    expect(() => Reflect.apply(x.tolist, x, [1])).toThrow(ArgumentError);
  });
});

describe('.data (PyTorch 2.13 for each expectation)', () => {
  it('shares storage outside autograd: p.data.add_(g, { alpha }) as hand-written SGD does', () => {
    // w = ones(3, requires_grad=True); (w * 2).sum().backward(); w.data.add_(w.grad, alpha=-0.1)
    // -> tensor([0.8, 0.8, 0.8], requires_grad=True); w.data.requires_grad False, grad_fn None
    const w = ones([3], { requires_grad: true });
    const g = tensor([2, 2, 2], { dtype: 'float32' });
    const d = w.data;
    expect(d.requires_grad).toBe(false);
    expect(d.grad_fn).toBeNull();
    expect(d.storage).toBe(w.storage);
    d.add_(g, { alpha: -0.1 });
    expect(w.tolist()).toEqual([0.800000011920929, 0.800000011920929, 0.800000011920929]);
    expect(w.requires_grad).toBe(true);
  });

  it('x.data = y rebinds x to y (dtype too), keeping requires_grad; a non-tensor is refused', () => {
    const w = ones([3], { requires_grad: true });
    w.data = tensor([0, 0], { dtype: 'float64' });
    expect(w.dtype).toBe('float64');
    expect(w.shape).toEqual([2]);
    expect(w.requires_grad).toBe(true);
    expect(() => {
      w.data = 5 as never;
    }).toThrow('Variable data has to be a tensor, but got int');
  });
});
