// fixtures/tensor and fixtures/autograd: one row per op (the case's `fn`), through
// @wick/testing's own case runners, so the numbers are those the vitest suites check.
import * as torch from '@wick/torch';
import { WickError } from '@wick/torch';
import { callCase, callGradCase, compareValue, loadFixture } from '@wick/testing';

const TENSOR = [
  'creation', 'unary', 'binary', 'promotion', 'reduce', 'matmul', 'index', 'shape', 'repr', 'errors', 'getitem',
  'elementwise_args', 'factory_args', 'sort', 'tril_repeat', 'einsum',
];
const ns = torch;
/**
 * Recorded error messages that list PyTorch's out= parameter, which wick leaves out of every
 * signature (the same cases packages/tensor/test/sort.test.ts skips, with this reason).
 */
const OUT_LISTED = new Set(['sort/bad/dim_twice', 'sort/bad/str_dim', 'sort/bad/no_input', 'sort/bad/stable_int']);
const extra = { repr: (t) => String(t) };

/** An error case agrees when wick throws a named error with PyTorch's type and message. */
function errorAgreement(run, expected) {
  try {
    run();
  } catch (e) {
    const same = WickError.isInstance(e) && e.message === expected.message && e.pytorchType === expected.type;
    return { ok: same, worstUlp: 0, worstAbs: 0, problem: same ? undefined : `threw ${String(e)}` };
  }
  return { ok: false, worstUlp: 0, worstAbs: 0, problem: `no error, expected ${expected.type}: ${expected.message}` };
}

export function tensor(note) {
  for (const family of TENSOR) {
    for (const c of loadFixture(`tensor/${family}.msgpack`).cases) {
      if (OUT_LISTED.has(c.name)) continue;
      note(c.fn, () => {
        if (c.error) return errorAgreement(() => callCase(ns, c, extra), c.error);
        const { result, input, base } = callCase(ns, c, extra);
        // A method that returns nothing (x.__setitem__) returns undefined where Python returns None.
        const a = compareValue(result === undefined ? null : result, c.out, c.tol ?? {}, input);
        if (a.ok && c.self_after !== undefined) {
          const after = compareValue(input, c.self_after, c.tol ?? {});
          if (!after.ok) return { ...after, problem: `self after the call: ${after.problem}` };
        }
        if (!a.ok || c.base_after === undefined || !(base instanceof torch.Tensor)) return a;
        const after = compareValue(base, c.base_after, c.tol ?? {});
        return after.ok ? a : { ...after, problem: `base after the in-place call: ${after.problem}` };
      });
    }
  }
}

const grad = (outputs, inputs, grad_outputs) => torch.autograd.grad(outputs, inputs, { grad_outputs, allow_unused: true });

export function autograd(note, graphs) {
  for (const family of ['ops', 'graphs', 'sort', 'getitem', 'einsum']) {
    for (const c of loadFixture(`autograd/${family}.msgpack`).cases) {
      note(c.fn, () => {
        const { result, grads } = callGradCase(ns, c, { grad, extra: graphs });
        const forward = compareValue(result, c.out, c.tol ?? {});
        if (!forward.ok) return { ...forward, problem: `forward: ${forward.problem}` };
        return compareValue(grads, c.grads, c.tol ?? {});
      });
    }
  }
}
