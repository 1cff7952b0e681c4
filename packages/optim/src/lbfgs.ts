// torch.optim.LBFGS, following PyTorch 2.13's lbfgs.py step for step: the two-loop recursion over
// the last history_size updates, a fixed step or the strong-Wolfe line search, and PyTorch's
// stopping tests. Values PyTorch holds as 0-dim tensors (dot products, ro, H_diag, step sizes
// derived from them) are 0-dim tensors here too, so float32 runs round as PyTorch's do.
import { DeviceError, IndexError, type PyArgs, type Signatures, Tensor, ValueError, cat, declare, pyTypeName, zeros } from '@wick/tensor';
import { enable_grad, no_grad } from '@wick/autograd';
import { strongWolfe } from './line-search.js';
import { type Closure, type ParamGroup, type ParamState, type Params, Optimizer, num } from './optimizer.js';
import { addScaled_ } from './pointwise.js';
import { type PyScalar, compare, div, mul, neg, pyMin, sub, toNumber } from './py-scalar.js';
import { PY_METHOD, refuseTensor, requireNonNegative } from './signatures.js';

const lbfgsInit = declare('optim.LBFGS.__init__',
  'LBFGS.__init__(Params params, Tensor|float lr=1, int max_iter=20, int? max_eval=None, float tolerance_grad=1e-07, ' +
    'float tolerance_change=1e-09, int history_size=100, str? line_search_fn=None)',
  PY_METHOD);
const lbfgsStep = declare('optim.LBFGS.step', 'LBFGS.step(Callable closure)', PY_METHOD);

export interface LBFGSOptions {
  params?: Params;
  lr?: number;
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
  line_search_fn?: 'strong_wolfe' | null;
}
export type LBFGSArgs = PyArgs<
  [
    params: Params, lr?: number, max_iter?: number, max_eval?: number | null, tolerance_grad?: number,
    tolerance_change?: number, history_size?: number, line_search_fn?: 'strong_wolfe' | null,
  ],
  LBFGSOptions
>;

const ONE_GROUP = "LBFGS doesn't support per-parameter options (parameter groups)";

/**
 * L-BFGS (after minFunc). All parameters form one group; the whole state lives with the first
 * parameter, as PyTorch keeps it (so state_dict and load_state_dict move it like any other).
 */
export class LBFGS extends Optimizer {
  constructor(...args: LBFGSArgs) {
    const a = lbfgsInit.bind(args);
    refuseTensor('LBFGS', 'lr', a.lr);
    const lr = a.lr as number;
    requireNonNegative('learning rate', lr);
    const maxIter = a.max_iter as number;
    super(a.params, {
      lr, max_iter: maxIter, max_eval: a.max_eval ?? Math.floor((maxIter * 5) / 4), tolerance_grad: a.tolerance_grad,
      tolerance_change: a.tolerance_change, history_size: a.history_size, line_search_fn: a.line_search_fn,
    });
  }

  protected override get initSignature(): Signatures {
    return lbfgsInit;
  }

  protected override get stepSignature(): Signatures {
    return lbfgsStep;
  }

  protected override checkGroup(group: ParamGroup): void {
    refuseTensor('LBFGS', 'lr', group.lr);
  }

  /**
   * Refused once the optimizer has its group: PyTorch's LBFGS only ever steps the parameters of
   * its first group, so a second one would never be optimized.
   */
  override add_param_group(...args: Parameters<Optimizer['add_param_group']>): void {
    if (this.param_groups !== undefined && this.param_groups.length > 0) throw new ValueError(ONE_GROUP, 'ValueError');
    super.add_param_group(...args);
  }

  /**
   * One L-BFGS step: up to max_iter iterations (max_eval evaluations of the closure, which must
   * re-evaluate the model and return the loss). Returns the loss from the first evaluation.
   */
  override step(...args: PyArgs<[closure: Closure], { closure?: Closure }>): unknown {
    const { closure } = lbfgsStep.bind(args);
    if (this.param_groups.length !== 1) {
      throw new ValueError(`Expected exactly one param_group, but got ${this.param_groups.length}`, 'AssertionError');
    }
    const group = this.param_groups[0]!;
    this.checkGroup(group);
    const lineSearch = group.line_search_fn;
    // NOTE: PyTorch raises this when the first iteration reaches the line search; wick checks
    // before evaluating anything, so a failed step changes nothing.
    if (lineSearch !== null && lineSearch !== 'strong_wolfe') throw new ValueError("only 'strong_wolfe' is supported", 'RuntimeError');
    checkOnCpu(group.params);
    const evaluate = () => enable_grad(closure as Closure);
    return no_grad(() => this.runIterations(group, evaluate));
  }

  private runIterations(group: ParamGroup, evaluate: () => unknown): unknown {
    const params = group.params;
    const lr = num(group, 'lr');
    const maxIter = num(group, 'max_iter');
    const maxEval = num(group, 'max_eval');
    const toleranceGrad = num(group, 'tolerance_grad');
    const toleranceChange = num(group, 'tolerance_change');
    const historySize = num(group, 'history_size');
    const lineSearch = group.line_search_fn !== null;

    const state = this.stateOf(params[0]!);
    if (!state.has('func_evals')) state.set('func_evals', 0);
    if (!state.has('n_iter')) state.set('n_iter', 0);
    const addCount = (key: string, n: number) => state.set(key, Number(state.get(key)) + n);

    // Evaluate the initial f(x) and df/dx.
    const origLoss = evaluate();
    let loss = pyFloat(origLoss);
    let currentEvals = 1;
    addCount('func_evals', 1);
    let flatGrad = gatherFlatGrad(params);
    let optCond = compare(flatGrad.abs().max(), 'le', toleranceGrad);
    if (optCond) return origLoss;

    // State loaded from a PyTorch checkpoint holds Python ints as bigints.
    const saved = (key: string): unknown => {
      const v = state.get(key) ?? null;
      return typeof v === 'bigint' ? Number(v) : v;
    };
    let d = saved('d') as Tensor | null;
    let t = saved('t') as PyScalar | null;
    let oldDirs = saved('old_dirs') as Tensor[] | null;
    let oldStps = saved('old_stps') as Tensor[] | null;
    let ro = saved('ro') as Tensor[] | null;
    let hDiag = saved('H_diag') as PyScalar | null;
    let prevFlatGrad = saved('prev_flat_grad') as Tensor | null;
    let prevLoss = saved('prev_loss') as number | null;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      addCount('n_iter', 1);

      // The descent direction.
      if (state.get('n_iter') === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        d = this.nextDirection(state, flatGrad, prevFlatGrad!, d!, t!, historySize, oldDirs!, oldStps!, ro!, hDiag!, (h) => (hDiag = h));
      }
      if (prevFlatGrad === null) prevFlatGrad = flatGrad.clone({ memory_format: 'contiguous_format' });
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      // The step length: the initial guess, then the directional derivative.
      t = state.get('n_iter') === 1 ? mul(pyMin(1.0, div(1.0, flatGrad.abs().sum())), lr) : lr;
      const gtd = flatGrad.dot(d);
      if (compare(gtd, 'gt', -toleranceChange)) break;

      let lsFuncEvals = 0;
      if (lineSearch) {
        const xInit = params.map((p) => p.clone({ memory_format: 'contiguous_format' }));
        const objective = (x: Tensor[], step: PyScalar, dir: Tensor): [number, Tensor] => {
          addGrad(params, step, dir);
          const value = pyFloat(evaluate());
          const grad = gatherFlatGrad(params);
          params.forEach((p, i) => p.copy_(x[i]!));
          return [value, grad];
        };
        const found = strongWolfe(objective, xInit, t, d, loss, flatGrad, gtd, maxEval - currentEvals);
        ({ loss, flatGrad, t, evals: lsFuncEvals } = found);
        addGrad(params, t, d);
        optCond = compare(flatGrad.abs().max(), 'le', toleranceGrad);
      } else {
        // A fixed step; the function is re-evaluated except in the last iteration (in a
        // stochastic setting there is no use in evaluating it there).
        addGrad(params, t, d);
        if (nIter !== maxIter) {
          loss = pyFloat(evaluate());
          flatGrad = gatherFlatGrad(params);
          optCond = compare(flatGrad.abs().max(), 'le', toleranceGrad);
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      addCount('func_evals', lsFuncEvals);

      // The stopping tests.
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (compare(d.mul(t).abs().max(), 'le', toleranceChange)) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    state.set('d', d);
    state.set('t', t);
    state.set('old_dirs', oldDirs);
    state.set('old_stps', oldStps);
    state.set('ro', ro);
    state.set('H_diag', hDiag);
    state.set('prev_flat_grad', prevFlatGrad);
    state.set('prev_loss', prevLoss);
    return origLoss;
  }

  /**
   * Updates the curvature history with the last step (when it has positive curvature), then
   * applies the approximate inverse Hessian to the negative gradient (the two-loop recursion
   * with one buffer).
   */
  private nextDirection(
    state: ParamState, flatGrad: Tensor, prevFlatGrad: Tensor, d: Tensor, t: PyScalar, historySize: number,
    oldDirs: Tensor[], oldStps: Tensor[], ro: Tensor[], hDiag: PyScalar, setHDiag: (h: PyScalar) => void,
  ): Tensor {
    const y = flatGrad.sub(prevFlatGrad);
    const s = d.mul(t);
    const ys = y.dot(s);
    if (compare(ys, 'gt', 1e-10)) {
      if (oldDirs.length === historySize) {
        // The history is full: drop its oldest entry (PyTorch's list.pop(0)).
        if (oldDirs.length === 0) throw new IndexError('pop from empty list');
        oldDirs.shift();
        oldStps.shift();
        ro.shift();
      }
      oldDirs.push(y);
      oldStps.push(s);
      ro.push(div(1.0, ys) as Tensor);
      hDiag = div(ys, y.dot(y));
      setHDiag(hDiag);
    }
    const numOld = oldDirs.length;
    if (!state.has('al')) state.set('al', new Array<Tensor | null>(Math.max(historySize, 0)).fill(null));
    const al = state.get('al') as (Tensor | null)[];
    const setAl = (i: number, v: Tensor) => {
      if (i >= al.length) throw new IndexError('list assignment index out of range');
      al[i] = v;
    };
    const q = flatGrad.neg();
    for (let i = numOld - 1; i >= 0; i--) {
      setAl(i, oldStps[i]!.dot(q).mul(ro[i]!));
      addScaled_(q, oldDirs[i]!, toNumber(neg(al[i]!)));
    }
    // Multiply by the initial Hessian; r (= d) is the final direction.
    const r = q.mul(hDiag);
    for (let i = 0; i < numOld; i++) {
      const beI = oldDirs[i]!.dot(r).mul(ro[i]!);
      addScaled_(r, oldStps[i]!, toNumber(sub(al[i]!, beI)));
    }
    return r;
  }
}

/** Every parameter's gradient flattened into one vector (zeros for a parameter without one). */
function gatherFlatGrad(params: readonly Tensor[]): Tensor {
  const views = params.map((p) => (p.grad === null ? zeros([p.numel()], { dtype: p.dtype, device: p.device }) : p.grad.view(-1)));
  return cat(views, 0);
}

/** params += step_size * update, the update split over the parameters in order. */
function addGrad(params: readonly Tensor[], stepSize: PyScalar, update: Tensor): void {
  const alpha = toNumber(stepSize);
  let offset = 0;
  for (const p of params) {
    const n = p.numel();
    addScaled_(p, update.narrow(0, offset, n).view(p.shape), alpha);
    offset += n;
  }
}

/**
 * NOTE: L-BFGS reads values to decide every iteration (the loss, the gradient's max, curvature
 * tests, the line search), as PyTorch's does by synchronising with the device. A device's values
 * can only be read with await, so its parameters are refused before the closure runs.
 */
function checkOnCpu(params: readonly Tensor[]): void {
  const onDevice = params.find((p) => p.device !== 'cpu');
  if (onDevice !== undefined) {
    throw new DeviceError(
      `LBFGS reads the loss and gradient values to choose each step, and a parameter is on '${onDevice.device}', whose values are `
        + 'read asynchronously: run LBFGS on CPU parameters',
    );
  }
}

/** Python's float(value) of what a closure returns (a one-element tensor or a number). */
function pyFloat(value: unknown): number {
  if (value instanceof Tensor) {
    if (value.numel() !== 1) throw new ValueError('only one element tensors can be converted to Python scalars', 'ValueError');
    return Number(value.item());
  }
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`float() argument must be a string or a real number, not '${pyTypeName(value)}'`);
}
