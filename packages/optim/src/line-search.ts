// The strong-Wolfe line search of PyTorch's LBFGS (torch/optim/lbfgs.py: _cubic_interpolate and
// _strong_wolfe, themselves ported from torch7's polyinterp.lua and lswolfe.lua), step for step:
// step sizes, losses and directional derivatives keep the types PyTorch gives them (Python floats
// or 0-dim tensors, see py-scalar.ts), so every comparison and rounding is PyTorch's.
import { ValueError, type Tensor } from '@wick/tensor';
import { type PyScalar, abs, add, compare, div, mul, pyMax, pyMin, sub } from './py-scalar.js';

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
 * `bounds` (default: between x1 and x2); their midpoint when the cubic has no minimum.
 */
export function cubicInterpolate(
  x1: PyScalar, f1: number, g1: PyScalar, x2: PyScalar, f2: number, g2: PyScalar, bounds?: [PyScalar, PyScalar],
): PyScalar {
  const [xminBound, xmaxBound] = bounds ?? (compare(x1, 'le', x2) ? [x1, x2] : [x2, x1]);
  // d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
  const d1 = sub(add(g1, g2), div(3 * (f1 - f2), sub(x1, x2)));
  // d2_square = d1**2 - g1 * g2 (PyTorch computes a tensor's **2 as x * x)
  const d2Square = sub(mul(d1, d1), mul(g1, g2));
  if (compare(d2Square, 'ge', 0)) {
    const d2 = sqrt(d2Square);
    const minPos = compare(x1, 'le', x2)
      ? sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))))
      : sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return pyMin(pyMax(minPos, xminBound), xmaxBound);
  }
  return div(add(xminBound, xmaxBound), 2.0);
}

function sqrt(x: PyScalar): PyScalar {
  // `d2_square.sqrt()`: a method call, so PyTorch's code only works when it is a tensor.
  if (typeof x === 'number') throw new ValueError("'float' object has no attribute 'sqrt'", 'RuntimeError');
  return x.sqrt();
}

/** The loss and flat gradient at x + t * d (x restored afterwards). */
export type Objective = (x: Tensor[], t: PyScalar, d: Tensor) => [number, Tensor];

export interface LineSearchResult {
  loss: number;
  flatGrad: Tensor;
  t: PyScalar;
  evals: number;
}

/**
 * PyTorch's _strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9,
 * max_ls): brackets a step satisfying the strong Wolfe conditions, then zooms in on it.
 */
export function strongWolfe(
  objective: Objective, x: Tensor[], tInit: PyScalar, d: Tensor, f: number, g: Tensor, gtd: Tensor, maxLs: number,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9,
): LineSearchResult {
  let t = tInit;
  const dNorm = d.abs().max();
  g = g.clone({ memory_format: 'contiguous_format' });
  let [fNew, gNew] = objective(x, t, d);
  let evals = 1;
  let gtdNew: PyScalar = gNew.dot(d);

  // Bracket an interval containing a point satisfying the Wolfe criteria.
  let tPrev: PyScalar = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev: PyScalar = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: PyScalar[] | null = null;
  let bracketF: number[] | null = null;
  let bracketG: Tensor[] | null = null;
  let bracketGtd: PyScalar[] | null = null;
  const armijoFails = (fTrial: number, tTrial: PyScalar) => compare(fTrial, 'gt', add(f, mul(mul(c1, tTrial), gtd)));
  while (lsIter < maxLs) {
    if (armijoFails(fNew, t) || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone({ memory_format: 'contiguous_format' })];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (compare(abs(gtdNew), 'le', mul(-c2, gtd))) {
      bracket = [t];
      bracketF = [fNew];
      bracketG = [gNew];
      done = true;
      break;
    }
    if (compare(gtdNew, 'ge', 0)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone({ memory_format: 'contiguous_format' })];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    // Interpolate.
    const minStep = add(t, mul(0.01, sub(t, tPrev)));
    const maxStep = mul(t, 10);
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    // Next step.
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone({ memory_format: 'contiguous_format' });
    gtdPrev = gtdNew;
    [fNew, gNew] = objective(x, t, d);
    evals += 1;
    gtdNew = gNew.dot(d);
    lsIter += 1;
  }
  // Reached the maximum number of iterations?
  if (lsIter === maxLs) {
    bracket = [0, t];
    bracketF = [f, fNew];
    bracketG = [g, gNew];
  }
  if (bracket === null || bracketF === null || bracketG === null) {
    // NOTE: what PyTorch's code raises when max_ls is negative (max_eval below the evaluations made).
    throw new ValueError("cannot access local variable 'bracket_f' where it is not associated with a value", 'RuntimeError');
  }

  // Zoom phase: we now have a point satisfying the criteria, or a bracket around it. Refine the
  // bracket until we find the exact point satisfying the criteria.
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    // The line-search bracket is too small.
    if (compare(mul(abs(sub(bracket[1]!, bracket[0]!)), dNorm), 'lt', toleranceChange)) break;
    const gtds = bracketGtd!;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, gtds[0]!, bracket[1]!, bracketF[1]!, gtds[1]!);
    // Test that we are making sufficient progress: if `t` is too close to the boundary and we
    // made insufficient progress last time, or `t` is at a boundary, move `t` to 0.1 * (the
    // bracket's length) away from the nearest boundary point.
    const hi = pyMax(bracket[0]!, bracket[1]!);
    const lo = pyMin(bracket[0]!, bracket[1]!);
    const eps = mul(0.1, sub(hi, lo));
    if (compare(pyMin(sub(hi, t), sub(t, lo)), 'lt', eps)) {
      if (insufProgress || compare(t, 'ge', hi) || compare(t, 'le', lo)) {
        t = compare(abs(sub(t, hi)), 'lt', abs(sub(t, lo))) ? sub(hi, eps) : add(lo, eps);
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    // Evaluate the new point.
    [fNew, gNew] = objective(x, t, d);
    evals += 1;
    gtdNew = gNew.dot(d);
    lsIter += 1;
    if (armijoFails(fNew, t) || fNew >= bracketF[lowPos]!) {
      // Armijo condition not satisfied, or not lower than the lowest point.
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew.clone({ memory_format: 'contiguous_format' });
      gtds[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (compare(abs(gtdNew), 'le', mul(-c2, gtd))) {
        // Wolfe conditions satisfied.
        done = true;
      } else if (compare(mul(gtdNew, sub(bracket[highPos]!, bracket[lowPos]!)), 'ge', 0)) {
        // The old high becomes the new low.
        bracket[highPos] = bracket[lowPos]!;
        bracketF[highPos] = bracketF[lowPos]!;
        bracketG[highPos] = bracketG[lowPos]!;
        gtds[highPos] = gtds[lowPos]!;
      }
      // The new point becomes the new low.
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew.clone({ memory_format: 'contiguous_format' });
      gtds[lowPos] = gtdNew;
    }
  }
  return { loss: bracketF[lowPos]!, flatGrad: bracketG[lowPos]!, t: bracket[lowPos]!, evals };
}
