// In-place methods of the elementwise, clamp, fill, copy and random ops: one for every in-place
// method PyTorch has for them (checked against PyTorch's own list, fixtures/signatures/torch.json),
// with PyTorch's in-place semantics: the result cast into self, self never broadcast, PyTorch's
// memory-overlap errors, the version counter bumped, and the op seen by the recorder (autograd) as
// an in-place call. Messages are PyTorch 2.13's; values for each op are in
// fixtures/tensor/elementwise_args.msgpack.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Attrs, OpResult, Recorder, Tensor } from '../src/index.js';

const signatures = (JSON.parse(readFileSync(new URL('../../../fixtures/signatures/torch.json', import.meta.url), 'utf8')) as {
  signatures: Record<string, unknown>;
}).signatures;

/** The ops of this area (elementwise, clamp, fill, copy, random) that wick has out of place or as fills. */
const OPS = [
  'abs', 'neg', 'negative', 'sign', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos',
  'tan', 'tanh', 'sigmoid', 'erf', 'relu', 'floor', 'ceil', 'trunc', 'round', 'square', 'logical_not', 'isnan', 'isinf',
  'isfinite', 'add', 'sub', 'subtract', 'mul', 'multiply', 'div', 'divide', 'true_divide', 'floor_divide', 'remainder', 'fmod',
  'pow', 'atan2', 'arctan2', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'greater', 'less', 'greater_equal',
  'less_equal', 'not_equal', 'logical_and', 'logical_or', 'logical_xor', 'where', 'masked_fill', 'clamp', 'clip', 'clamp_min',
  'clamp_max', 'fill', 'zero', 'copy', 'uniform', 'normal', 'random', 'bernoulli', 'exponential',
];

const OVERLAP_SELF =
  'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.';
const OVERLAP_INPUT =
  'unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('coverage', () => {
  it("has every in-place method PyTorch has for these ops (and none PyTorch lacks)", () => {
    const proto = torch.Tensor.prototype as unknown as Record<string, unknown>;
    const theirs = OPS.filter((op) => `Tensor.${op}_` in signatures);
    expect(theirs.filter((op) => typeof proto[`${op}_`] !== 'function')).toEqual([]);
    expect(OPS.filter((op) => !(`Tensor.${op}_` in signatures) && typeof proto[`${op}_`] === 'function')).toEqual([]);
    expect(theirs.length).toBe(67);
  });
});

describe('PyTorch in-place semantics', () => {
  it('writes into self and returns it, bumping the version counter once per call', () => {
    const x = torch.tensor([1.5, 2.5, -0.5]);
    const v = x._version;
    expect(x.eq_(2.5)).toBe(x);
    expect(x.tolist()).toEqual([0, 1, 0]);
    x.lt_(torch.tensor([1, 1, 1])).logical_not_().clamp_min_(0).pow_(2);
    expect(x._version).toBe(v + 5);
    expect(x.tolist()).toEqual([0, 1, 0]);
  });

  it('casts the result into self, refusing what self cannot hold (PyTorch: can_cast)', () => {
    const i = torch.tensor([1, 2, 3]);
    expect(message(() => i.sqrt_())).toBe("result type Float can't be cast to the desired output type Long");
    expect(message(() => i.true_divide_(2))).toBe("result type Float can't be cast to the desired output type Long");
    // clamp_ with a number bound names the C++ type, as PyTorch's clamp does
    expect(message(() => i.clamp_(1.5))).toBe("result type Float can't be cast to the desired output type long int");
    expect(message(() => i.clamp_({ min: torch.tensor(1.5) }))).toBe("result type Float can't be cast to the desired output type Long");
    expect(i.tolist()).toEqual([1, 2, 3]);
    expect(i._version).toBe(0);
    expect(i.eq_(2).tolist()).toEqual([0, 1, 0]);
    expect(torch.tensor([1.5, 2.5]).floor_divide_(2).tolist()).toEqual([0, 1]);
  });

  it('never broadcasts self: `x.add_(torch.ones(2, 3))` on a [3] tensor is an error', () => {
    const x = torch.tensor([1.5, 2.5, -0.5]);
    expect(message(() => x.add_(torch.ones(2, 3)))).toBe("output with shape [3] doesn't match the broadcast shape [2, 3]");
    expect(x.tolist()).toEqual([1.5, 2.5, -0.5]);
  });

  it('refuses to write into an expanded tensor: torch.ones(1).expand(3).add_(1) (fill_, zero_ and masked_fill_ may)', () => {
    const e = () => torch.ones(1).expand(3);
    expect(message(() => e().add_(1))).toBe(OVERLAP_SELF);
    expect(message(() => e().neg_())).toBe(OVERLAP_SELF);
    expect(message(() => e().copy_(torch.tensor([1, 2, 3])))).toBe(OVERLAP_SELF);
    expect(message(() => e().clamp_(0, 1))).toBe(OVERLAP_SELF);
    expect(message(() => e().eq_(1))).toBe(OVERLAP_SELF);
    const t = e();
    expect(message(() => t.mul_(3))).toBe(OVERLAP_SELF);
    expect(t._base!.tolist()).toEqual([1]);
    expect(e().fill_(2).tolist()).toEqual([2, 2, 2]);
    expect(e().zero_().tolist()).toEqual([0, 0, 0]);
    expect(e().masked_fill_(torch.tensor([true, false, true]), 2).tolist()).toEqual([2, 2, 2]);
  });

  it('refuses an input that partly overlaps self; the same memory read and written is fine', () => {
    const a = torch.arange(4).float();
    expect(message(() => a.slice(0, 0, 2).add_(a.slice(0, 1, 3)))).toBe(OVERLAP_INPUT);
    expect(message(() => a.add_(a.select(0, 0)))).toBe(OVERLAP_INPUT);
    expect(message(() => a.slice(0, 1).copy_(a.slice(0, 0, 3)))).toBe(OVERLAP_INPUT);
    expect(message(() => a.slice(0, 1).lt_(a.slice(0, 0, 3)))).toBe(OVERLAP_INPUT);
    expect(message(() => a.clamp_(a.select(0, 0), a.select(0, 1)))).toBe(OVERLAP_INPUT);
    const m = torch.arange(4).float().view(2, 2);
    expect(message(() => m.t().add_(m))).toBe(OVERLAP_INPUT);
    expect(a.tolist()).toEqual([0, 1, 2, 3]);
    // the same memory, and strided (non-dense) views PyTorch does not judge, are allowed
    expect(a.add_(a).tolist()).toEqual([0, 2, 4, 6]);
    expect(a.copy_(a).tolist()).toEqual([0, 2, 4, 6]);
    const b = torch.arange(4).float();
    expect(b.as_strided([2], [2]).add_(b.as_strided([2], [2], 1)).tolist()).toEqual([1, 5]);
    expect(b.masked_fill_(torch.tensor([true, false, true, false]), b.select(0, 3)).tolist()).toEqual([3, 1, 3, 3]);
    expect(b.fill_(b.select(0, 1)).tolist()).toEqual([1, 1, 1, 1]);
  });
});

describe('the recorder (autograd) sees in-place calls', () => {
  const seen: [string, boolean][] = [];
  const recorder: Recorder = {
    record(op: string, _inputs: readonly Tensor[], _attrs: Attrs, _result: OpResult, inplace: boolean) {
      seen.push([op, inplace]);
    },
  };
  afterEach(() => {
    torch.setRecorder(null);
    seen.length = 0;
  });

  it('records each in-place method under its op as an in-place call', () => {
    const x = torch.tensor([1.5, 2.5, -0.5]);
    torch.setRecorder(recorder);
    x.exp_();
    x.add_(1);
    x.ge_(2);
    x.clamp_(0, 1);
    x.round_({ decimals: 1 });
    x.masked_fill_(torch.tensor([true, false, false]), 3);
    x.fill_(1);
    x.copy_(torch.ones(3));
    x.uniform_();
    torch.setRecorder(null);
    expect(seen).toEqual([
      ['exp', true], ['add', true], ['ge', true], ['clamp', true], ['round', true], ['masked_fill', true], ['fill_', true],
      ['copy_', true], ['uniform_', true],
    ]);
  });

  it('records an out-of-place call as one op (add with alpha: the scaling, then the sum)', () => {
    torch.setRecorder(recorder);
    torch.add(torch.ones(2), torch.ones(2), { alpha: 2 });
    torch.round(torch.ones(2), { decimals: 2 });
    torch.setRecorder(null);
    expect(seen).toEqual([['mul', false], ['add', false], ['round', false]]);
  });
});
