// state_dict / load_state_dict in PyTorch's layout: a state_dict written by PyTorch (torch.save,
// read with @wick/serialize) loads into wick's Adam, and stepping on matches PyTorch's own
// continuation; wick's state_dict has PyTorch's keys, order and dtypes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Tensor, tensor } from '@wick/tensor';
import { install } from '@wick/autograd';
import { load } from '@wick/serialize';
import { decodeBase, type EncodedTensor, fixturesDir, loadFixture } from '@wick/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, SGD } from '../src/index.js';
import { Worst, paramsArg, setGrads } from './helpers.js';

beforeAll(() => install());

interface ResumeCase {
  name: string;
  kwargs: Record<string, unknown>;
  groups: Record<string, unknown>[];
  file: string;
  params: EncodedTensor[];
  grads: (EncodedTensor | null)[][];
  steps: { params: EncodedTensor[]; state: Record<string, EncodedTensor>[] }[];
}
const fixture = loadFixture('optim/optim.msgpack') as unknown as { resume: ResumeCase[] };

describe('resuming from a PyTorch state_dict', () => {
  for (const c of fixture.resume) {
    it(c.name, () => {
      const params = c.params.map((p) => decodeBase(p).requires_grad_(true));
      const opt = new Adam(paramsArg(params, c.groups), c.kwargs);
      const sd = load(readFileSync(join(fixturesDir(), 'optim', c.file))) as Map<string, unknown>;
      opt.load_state_dict(sd);
      expect((opt.state.get(params[0]!)!.get('step') as Tensor).dtype).toBe('float32');
      expect(opt.param_groups[1]!.lr).toBe(0.02);
      const worst = new Worst();
      c.steps.forEach((expected, k) => {
        setGrads(params, c.grads[k]!);
        opt.step();
        params.forEach((p, i) => {
          worst.check(p, expected.params[i]!, `step ${k} param ${i}`, 4, 8);
          for (const [key, e] of Object.entries(expected.state[i]!)) worst.check(opt.state.get(p)!.get(key) as Tensor, e, `${key}`, 4, 8);
        });
      });
      console.log(`${c.name}: worst ${worst.ulp} ULP, ${worst.rel.toFixed(2)} ULP of the largest value`);
      expect(worst.problems).toEqual([]);
    });
  }

  it("loads the Adam state_dict in fixtures/serialize/checkpoint.pt", () => {
    const ckpt = load(readFileSync(join(fixturesDir(), 'serialize', 'checkpoint.pt'))) as Map<string, unknown>;
    const model = ckpt.get('model') as Map<string, Tensor>;
    const params = [...model.values()].map((t) => t.clone().requires_grad_(true));
    const opt = new Adam(params, { lr: 1e-3 });
    opt.load_state_dict(ckpt.get('optimizer') as Map<string, unknown>);
    const sd = opt.state_dict();
    const group = (sd.get('param_groups') as Map<string, unknown>[])[0]!;
    expect([...group.keys()]).toEqual(['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'maximize', 'foreach', 'capturable', 'differentiable', 'fused', 'decoupled_weight_decay', 'params']);
    expect(group.get('params')).toEqual([0, 1, 2, 3]);
    const state = sd.get('state') as Map<number, Map<string, Tensor>>;
    expect([...state.keys()]).toEqual([0, 1, 2, 3]);
    expect([...state.get(0)!.keys()]).toEqual(['step', 'exp_avg', 'exp_avg_sq']);
    expect(state.get(0)!.get('step')!.item()).toBe(1);
    params.forEach((p) => (p.grad = p.detach().clone()));
    opt.step();
    expect(state.get(0)!.get('step')!.item()).toBe(2);
  });
});

describe("wick's state_dict", () => {
  it("has PyTorch's layout and refuses mismatched groups with PyTorch's messages", () => {
    const a = tensor([1, 2], { dtype: 'float32', requires_grad: true });
    const b = tensor([3], { dtype: 'float32', requires_grad: true });
    const opt = new SGD([{ params: [a], lr: 0.5 }, { params: [b] }], { lr: 0.1, momentum: 0.9 });
    a.grad = tensor([1, 1], { dtype: 'float32' });
    opt.step();
    const sd = opt.state_dict();
    const groups = sd.get('param_groups') as Map<string, unknown>[];
    // Printed by PyTorch 2.13 for the same construction.
    expect(Object.fromEntries(groups[0]!)).toEqual({ lr: 0.5, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, foreach: null, differentiable: false, fused: null, params: [0] });
    expect(groups[1]!.get('params')).toEqual([1]);
    expect([...(sd.get('state') as Map<number, unknown>).keys()]).toEqual([0]);
    const one = new SGD([a, b], { lr: 0.1 });
    expect(() => one.load_state_dict(sd)).toThrow('loaded state dict has a different number of parameter groups');
    const swapped = new SGD([{ params: [a, b] }, { params: [tensor([0], { dtype: 'float32', requires_grad: true })] }], { lr: 0.1 });
    expect(() => swapped.load_state_dict(sd)).toThrow("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
  });

  it('zero_grad sets grads to null by default, to zeros with set_to_none: false', () => {
    const a = tensor([1, 2], { dtype: 'float32', requires_grad: true });
    const opt = new SGD([a], { lr: 0.1 });
    a.grad = tensor([1, 1], { dtype: 'float32' });
    opt.zero_grad({ set_to_none: false });
    expect(a.grad!.tolist()).toEqual([0, 0]);
    opt.zero_grad();
    expect(a.grad).toBeNull();
  });

  it('records nothing in autograd and returns the closure loss', () => {
    const a = tensor([1, 2], { dtype: 'float32', requires_grad: true });
    const opt = new SGD([a], { lr: 0.1 });
    const loss = opt.step(() => {
      opt.zero_grad();
      const l = a.mul(a).sum();
      l.backward();
      return l;
    }) as Tensor;
    expect(loss.item()).toBe(5);
    expect(a.grad_fn).toBeNull();
    expect(a.tolist()).toEqual([Math.fround(0.8), Math.fround(1.6)]);
  });
});
