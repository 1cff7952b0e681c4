// torch.einsum called as PyTorch users write it (operands as arguments, as one list, in the sublist
// form) and wrongly, against what PyTorch 2.13 gives for the same call (recorded by running it).
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';

const x = torch.tensor([[1, 2, 3], [4, 5, 6]]);
const m = torch.tensor([[1, 0], [0, 2], [1, 1]]);
const product = [[4, 7], [10, 16]];
const noOperand = 'einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list';

describe('torch.einsum call forms', () => {
  it("einsum('ij,jk->ik', x, m): operands as arguments", () => {
    expect(torch.einsum('ij,jk->ik', x, m).tolist()).toEqual(product);
  });
  it("einsum('ij,jk', [x, m]): operands as one list", () => {
    expect(torch.einsum('ij,jk', [x, m]).tolist()).toEqual(product);
  });
  it('einsum(x, [0, 1], m, [1, 2]): the sublist form', () => {
    expect(torch.einsum(x, [0, 1], m, [1, 2]).tolist()).toEqual(product);
  });
  it("einsum('ij', x): one operand", () => {
    expect(torch.einsum('ij', x).tolist()).toEqual(x.tolist());
  });

  const wrong: [string, () => unknown, string, string][] = [
    ['einsum()', () => (torch.einsum as (...a: unknown[]) => unknown)(), 'ValueError', noOperand],
    ["einsum('ij')", () => (torch.einsum as (...a: unknown[]) => unknown)('ij'), 'ValueError', noOperand],
    ['einsum(x)', () => (torch.einsum as (...a: unknown[]) => unknown)(x), 'ValueError', noOperand],
    ["einsum('ij', x, out=None)", () => (torch.einsum as (...a: unknown[]) => unknown)('ij', x, { out: null }), 'TypeError', "einsum() got an unexpected keyword argument 'out'"],
    ["einsum('ij', 'x')", () => (torch.einsum as (...a: unknown[]) => unknown)('ij', 'x'), 'TypeError', 'expected Tensor as element 0 in argument 1, but got str'],
    ['einsum(None, x)', () => (torch.einsum as (...a: unknown[]) => unknown)(null, x), 'TypeError', "einsum(): argument 'equation' (position 1) must be str, not NoneType"],
  ];
  for (const [call, fn, type, message] of wrong) {
    it(`${call} raises ${type}`, () => {
      let thrown: unknown;
      try {
        fn();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toMatchObject({ message, pytorchType: type });
    });
  }
});
