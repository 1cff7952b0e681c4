import { type Bound, type PyArgs, type Tensor, Tensor as TensorClass, WickError, declare, hostValues, isFloating, tensor, zeros } from '@wick/tensor';
import { grad } from './api.js';
import { no_grad } from './grad-mode.js';

/** A failed gradcheck (PyTorch's GradcheckError, a RuntimeError). */
export class GradcheckError extends WickError {}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw on mismatch (default); otherwise return false. */
  raise_exception?: boolean;
  nondet_tol?: number;
  check_undefined_grad?: boolean;
  check_grad_dtypes?: boolean;
  check_batched_grad?: boolean;
  check_batched_forward_grad?: boolean;
  check_forward_ad?: boolean;
  check_backward_ad?: boolean;
  fast_mode?: boolean;
  masked?: boolean | null;
  // gradgradcheck's own
  gen_non_contig_grad_outputs?: boolean;
  check_fwd_over_rev?: boolean;
  check_rev_over_rev?: boolean;
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

// PyTorch's checks beyond comparing the backward Jacobian with finite differences (forward AD,
// batched gradients through vmap, undefined-gradient handling, fast mode's random projections)
// need machinery wick does not have; asking for them is refused by name rather than skipped.
const SHARED = 'float eps=1e-06, float atol=1e-05, float rtol=0.001';
const gradcheckSig = declare('autograd.gradcheck',
  `gradcheck(Callable func, Tensor|Tensor[] inputs, *, ${SHARED}, bool raise_exception=True, float nondet_tol=0.0, ` +
    'bool check_undefined_grad=True, bool check_grad_dtypes=False, bool check_batched_grad=False, bool check_batched_forward_grad=False, ' +
    'bool check_forward_ad=False, bool check_backward_ad=True, bool fast_mode=False, bool? masked=None)',
  { style: 'python' });
const gradgradcheckSig = declare('autograd.gradgradcheck',
  `gradgradcheck(Callable func, Tensor|Tensor[] inputs, Tensor|Tensor[]? grad_outputs=None, *, ${SHARED}, ` +
    'bool gen_non_contig_grad_outputs=False, bool raise_exception=True, float nondet_tol=0.0, bool check_undefined_grad=True, ' +
    'bool check_grad_dtypes=False, bool check_batched_grad=False, bool check_fwd_over_rev=False, bool check_rev_over_rev=True, ' +
    'bool fast_mode=False, bool masked=False)',
  { style: 'python' });

/** Refuses the checks wick cannot run, naming them; returns the options it honours. */
function honoured(name: string, a: Bound): Required<Pick<GradcheckOptions, 'eps' | 'atol' | 'rtol' | 'raise_exception'>> {
  const unsupported: [string, boolean][] = [
    ['check_batched_grad', a.check_batched_grad], ['check_batched_forward_grad', a.check_batched_forward_grad === true],
    ['check_forward_ad', a.check_forward_ad === true], ['check_fwd_over_rev', a.check_fwd_over_rev === true],
    ['fast_mode', a.fast_mode], ['masked', a.masked === true], ['check_grad_dtypes', a.check_grad_dtypes],
    ['gen_non_contig_grad_outputs', a.gen_non_contig_grad_outputs === true], ['nondet_tol', a.nondet_tol !== 0],
    ['check_backward_ad', a.check_backward_ad === false], ['check_rev_over_rev', a.check_rev_over_rev === false],
  ];
  const asked = unsupported.filter(([, on]) => on).map(([n]) => n);
  if (asked.length > 0) throw new GradcheckError(`${name}: wick compares backward with finite differences only; it cannot honour ${asked.join(', ')}`);
  return { eps: a.eps, atol: a.atol, rtol: a.rtol, raise_exception: a.raise_exception };
}

const outputsOf = (r: Tensor | readonly Tensor[]): Tensor[] => (r instanceof TensorClass ? [r] : [...r]);

/** The storage index of element `k` (logical order) of t. */
function storageIndex(t: Tensor, k: number): number {
  let rest = k;
  let at = t.offset;
  for (let d = t.ndim - 1; d >= 0; d--) {
    const size = t.shape[d]!;
    at += (rest % size) * t.strides[d]!;
    rest = Math.floor(rest / size);
  }
  return at;
}

/** Element k of t as a 0-dim view, to perturb in place. */
const element = (t: Tensor, k: number): Tensor => t.as_strided([], [], storageIndex(t, k));

/** Flattened float64 values of each output (for finite differences). */
function evaluate(fn: Fn, inputs: Tensor[]): Float64Array[] {
  return no_grad(() => outputsOf(fn(...inputs)).map((o) => Float64Array.from(hostValues(o.double()) as Float64Array)));
}

/**
 * Jacobians by central differences: J[out][input][i][j] = d out_j / d input_i. The input is
 * perturbed in place (without recording) and restored.
 */
function numerical(fn: Fn, inputs: Tensor[], wrt: number[], eps: number): number[][][][] {
  const outs = evaluate(fn, inputs);
  return outs.map((_, oi) =>
    wrt.map((ii) => {
      const x = inputs[ii]!;
      return Array.from({ length: x.numel() }, (_, k) => {
        const e = element(x, k);
        const v = Number(e.item());
        no_grad(() => e.fill_(v + eps));
        const plus = evaluate(fn, inputs)[oi]!;
        no_grad(() => e.fill_(v - eps));
        const minus = evaluate(fn, inputs)[oi]!;
        no_grad(() => e.fill_(v));
        return Array.from(plus, (p, j) => (p - minus[j]!) / (2 * eps));
      });
    }),
  );
}

/** Jacobians by backward passes, one per output element (vector-Jacobian products with one-hot vectors). */
function analytical(fn: Fn, inputs: Tensor[], wrt: number[]): number[][][][] {
  const outs = outputsOf(fn(...inputs));
  return outs.map((o) =>
    wrt.map((ii) => {
      const x = inputs[ii]!;
      const rows: number[][] = Array.from({ length: x.numel() }, () => new Array<number>(o.numel()).fill(0));
      if (!o.requires_grad) return rows;
      for (let j = 0; j < o.numel(); j++) {
        const onehot = zeros(o.shape as number[], { dtype: o.dtype });
        no_grad(() => element(onehot, j).fill_(1));
        const [g] = grad([o], [x], { grad_outputs: [onehot], retain_graph: true, allow_unused: true });
        if (!g) continue;
        const values = hostValues(g.double().contiguous());
        for (let i = 0; i < x.numel(); i++) rows[i]![j] = Number(values[i]);
      }
      return rows;
    }),
  );
}

/**
 * torch.autograd.gradcheck: compares the gradients backward computes with central finite
 * differences, for every input that requires grad. Use float64 inputs (finite differences in
 * float32 are too coarse for the default tolerances).
 */
export function gradcheck(...args: PyArgs<[func: Fn, inputs: Tensor | readonly Tensor[]], GradcheckOptions & { func?: Fn; inputs?: Tensor | readonly Tensor[] }>): boolean {
  const a = gradcheckSig.bind(args);
  return check(a.func, a.inputs, honoured('gradcheck', a));
}

function check(fn: Fn, inputs: Tensor | readonly Tensor[], opts: Required<Pick<GradcheckOptions, 'eps' | 'atol' | 'rtol' | 'raise_exception'>>): boolean {
  const { eps, atol, rtol, raise_exception } = opts;
  const xs = inputs instanceof TensorClass ? [inputs] : [...inputs];
  const wrt = xs.flatMap((x, i) => (x.requires_grad && isFloating(x.dtype) ? [i] : []));
  const num = numerical(fn, xs, wrt, eps);
  const ana = analytical(fn, xs, wrt);
  for (let o = 0; o < num.length; o++) {
    for (let w = 0; w < wrt.length; w++) {
      const n = num[o]![w]!;
      const a = ana[o]![w]!;
      const bad = n.some((row, i) => row.some((v, j) => !(Math.abs(a[i]![j]! - v) <= atol + rtol * Math.abs(v))));
      if (!bad) continue;
      if (!raise_exception) return false;
      throw new GradcheckError(
        `Jacobian mismatch for output ${o} with respect to input ${wrt[w]},\nnumerical:${format(n)}\nanalytical:${format(a)}\n`,
      );
    }
  }
  return true;
}

const format = (m: number[][]) => `[${m.map((r) => `[${r.map((v) => v.toPrecision(8)).join(', ')}]`).join(', ')}]`;

/**
 * Output gradients for gradgradcheck: values spread over [-1, 1) from a fixed pseudo-random sequence
 * (PyTorch draws random ones; fixed values make a failure reproducible).
 */
function varied(like: Tensor): Tensor {
  let state = 12345;
  const values = Array.from({ length: like.numel() }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
  return tensor(values, { dtype: like.dtype }).reshape(like.shape as number[]).requires_grad_();
}

/**
 * torch.autograd.gradgradcheck: gradcheck of the gradient itself (created with create_graph),
 * with respect to the inputs and to random output gradients.
 */
export function gradgradcheck(
  ...args: PyArgs<
    [func: Fn, inputs: Tensor | readonly Tensor[], grad_outputs?: Tensor | readonly Tensor[] | null],
    GradcheckOptions & { func?: Fn; inputs?: Tensor | readonly Tensor[]; grad_outputs?: Tensor | readonly Tensor[] | null }
  >
): boolean {
  const a = gradgradcheckSig.bind(args);
  const opts = honoured('gradgradcheck', a);
  const fn: Fn = a.func;
  const inputs: Tensor | readonly Tensor[] = a.inputs;
  const grad_outputs: Tensor | readonly Tensor[] | null = a.grad_outputs;
  const xs = inputs instanceof TensorClass ? [inputs] : [...inputs];
  const outs = outputsOf(fn(...xs)).filter((o) => o.requires_grad);
  const gos = grad_outputs === null ? outs.map(varied) : grad_outputs instanceof TensorClass ? [grad_outputs] : [...grad_outputs];
  const n = xs.length;
  const first = (...all: Tensor[]): Tensor[] => {
    const ins = all.slice(0, n);
    const diff = ins.filter((x) => x.requires_grad);
    const ys = outputsOf(fn(...ins)).filter((o) => o.requires_grad);
    const gs = grad(ys, diff, { grad_outputs: all.slice(n), create_graph: true, allow_unused: true });
    return gs.filter((g): g is Tensor => g !== null);
  };
  return check(first, [...xs, ...gos], opts);
}
