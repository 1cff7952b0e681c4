// Long graphs (an RNN unrolled over many steps) must not overflow the call stack.
import * as torch from '@wick/tensor';
import { beforeAll, expect, it } from 'vitest';
import { grad, install } from '../src/index.js';

beforeAll(() => install());

it('runs backward through 20000 chained ops', () => {
  const x = torch.tensor([0.5], { dtype: 'float64', requires_grad: true });
  let h = x;
  for (let i = 0; i < 20000; i++) h = h.mul(1);
  h.sum().backward();
  expect(x.grad?.tolist()).toEqual([1]);
  let k = x;
  for (let i = 0; i < 20000; i++) k = k.add(0);
  expect(grad(k.sum(), [x])[0]?.tolist()).toEqual([1]);
});
