import { ShapeError, ValueError } from '../errors.js';
import { Signatures, defineFunction } from '../signature/index.js';
import { Tensor } from '../tensor.js';

// torch.einsum: PyTorch's equation grammar and its default contraction order (left to right, as
// without opt_einsum), computed with views (as_strided for a repeated subscript's diagonal, permute,
// unsqueeze), sum, mul and bmm, so autograd and every device follow those ops. Only shapes are read.

/** Subscripts A-Z are 0-25 and a-z are 26-51 (the implicit output lists them in this order). */
const LETTERS = 26;
const LABELS = 2 * LETTERS;
const ELLIPSIS = LABELS;

const isLetter = (c: string) => /^[A-Za-z]$/.test(c);
const subscriptOf = (c: string) => (c <= 'Z' ? c.charCodeAt(0) - 65 : c.charCodeAt(0) - 97 + LETTERS);
const letterOf = (s: number) => String.fromCharCode(s < LETTERS ? s + 65 : s - LETTERS + 97);

const fail = (message: string) => new ShapeError(`einsum(): ${message}`, 'RuntimeError');

/** The subscripts of each operand's dims (ELLIPSIS for '...'), from the equation's left-hand side. */
function parseOperands(lhs: string, count: number): number[][] {
  const labels: number[][] = Array.from({ length: count }, () => []);
  let op = 0;
  let ellipsisSeen = false;
  for (let i = 0; i < lhs.length; i++) {
    const c = lhs[i]!;
    if (c === ' ') continue;
    if (c === '.') {
      if (ellipsisSeen) throw fail(`found '.' for operand ${op} for which an ellipsis was already found`);
      if (!(i + 2 < lhs.length && lhs[i + 1] === '.' && lhs[i + 2] === '.')) {
        throw fail(`found '.' for operand ${op} that is not part of any ellipsis`);
      }
      i += 2;
      labels[op]!.push(ELLIPSIS);
      ellipsisSeen = true;
    } else if (c === ',') {
      op++;
      if (op >= count) throw fail('fewer operands were provided than specified in the equation');
      ellipsisSeen = false;
    } else {
      if (!isLetter(c)) throw fail(`invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
      labels[op]!.push(subscriptOf(c));
    }
  }
  if (op !== count - 1) throw fail('more operands were provided than specified in the equation');
  return labels;
}

/**
 * Where each subscript goes in the aligned layout every operand is permuted to: output dims first
 * (in the output's order, the ellipsis where it stands), then contracted ones in subscript order.
 */
interface Layout {
  readonly position: Int32Array;
  readonly ellipsisAt: number;
  readonly ellipsisDims: number;
  /** Dims of the output, which lead the layout. */
  readonly outDims: number;
  /** Dims of the whole layout. */
  readonly dims: number;
}

function layoutOf(equation: string, arrow: number, labels: number[][], operands: readonly Tensor[]): Layout {
  const counts = new Int32Array(LABELS);
  let ellipsisDims = 0;
  labels.forEach((ls, i) => {
    const ndim = operands[i]!.ndim;
    const named = ls.filter((s) => s !== ELLIPSIS).length;
    const hasEllipsis = named < ls.length;
    for (const s of ls) if (s !== ELLIPSIS) counts[s]!++;
    if (hasEllipsis) ellipsisDims = Math.max(ellipsisDims, ndim - named);
    if (hasEllipsis ? named > ndim : named !== ndim) {
      const relation = hasEllipsis ? 'is more than' : 'does not match';
      const tail = hasEllipsis ? '' : ' and no ellipsis was given';
      throw fail(`the number of subscripts in the equation (${named}) ${relation} the number of dimensions (${ndim}) for operand ${i}${tail}`);
    }
  });
  const position = new Int32Array(LABELS).fill(-1);
  let next = 0;
  let ellipsisAt = 0;
  let ellipsisInOutput = false;
  if (arrow < 0) {
    // Implicit output: the ellipsis dims, then the subscripts used once, in subscript order.
    next = ellipsisDims;
    ellipsisInOutput = true;
    for (let s = 0; s < LABELS; s++) if (counts[s] === 1) position[s] = next++;
  } else {
    const rhs = equation.slice(arrow + 2);
    for (let i = 0; i < rhs.length; i++) {
      const c = rhs[i]!;
      if (c === ' ') continue;
      if (c === '.') {
        if (ellipsisInOutput) throw fail("found '.' for output but an ellipsis (...) was already found");
        if (!(i + 2 < rhs.length && rhs[i + 1] === '.' && rhs[i + 2] === '.')) {
          throw fail("found '.' for output that is not part of any ellipsis (...)");
        }
        i += 2;
        ellipsisAt = next;
        next += ellipsisDims;
        ellipsisInOutput = true;
        continue;
      }
      if (!isLetter(c)) {
        throw fail(`invalid subscript given at index ${arrow + 2 + i} in the equation string, subscripts must be in [a-zA-Z]`);
      }
      const s = subscriptOf(c);
      if (counts[s] === 0 || position[s] !== -1) {
        const why = position[s] !== -1 ? 'appears more than once in the output' : 'does not appear in the equation for any input operand';
        throw fail(`output subscript ${c} ${why}`);
      }
      position[s] = next++;
    }
  }
  const outDims = next;
  if (!ellipsisInOutput) {
    ellipsisAt = next;
    next += ellipsisDims;
  }
  for (let s = 0; s < LABELS; s++) if (counts[s]! > 0 && position[s] === -1) position[s] = next++;
  return { position, ellipsisAt, ellipsisDims, outDims, dims: next };
}

/** x with dims a and b (a < b, equal sizes) merged into their diagonal, kept at a: a view. */
function diagonalInto(x: Tensor, a: number, b: number): Tensor {
  const shape = x.shape.filter((_, d) => d !== b);
  const strides = x.stride().filter((_, d) => d !== b);
  strides[a] = x.stride(a) + x.stride(b);
  return x.as_strided(shape, strides, x.storage_offset());
}

/**
 * Each operand checked against the sizes seen so far, its repeated subscripts reduced to
 * diagonals, and its dims unsqueezed and permuted into the layout. `present[d]` counts the
 * operands in which layout dim d has a size other than 1.
 */
function align(labels: number[][], operands: readonly Tensor[], layout: Layout, present: Int32Array): Tensor[] {
  const { position, ellipsisAt, ellipsisDims, dims } = layout;
  const labelSize = new Array<number>(LABELS).fill(1);
  const ellipsisSize = new Array<number>(ellipsisDims).fill(1);
  return operands.map((operand, i) => {
    let op = operand;
    const permutation = new Array<number>(dims).fill(-1);
    let dim = 0;
    for (const s of labels[i]!) {
      if (s === ELLIPSIS) {
        const covered = operand.ndim - (labels[i]!.length - 1);
        for (let j = ellipsisDims - covered; j < ellipsisDims; j++) {
          const size = op.shape[dim]!;
          if (size !== 1) {
            if (ellipsisSize[j] !== 1 && ellipsisSize[j] !== size) {
              // NOTE: PyTorch's message lacks the space before "has size"; kept so messages match.
              throw fail(`dimension ${dim} covered by ellipsis in operand ${i}has size ${size} which does not broadcast with previously seen ellipsis with size ${ellipsisSize[j]} for the respective dimension`);
            }
            ellipsisSize[j] = size;
            present[ellipsisAt + j]!++;
          }
          permutation[ellipsisAt + j] = dim++;
        }
      } else if (permutation[position[s]!] === -1) {
        const size = op.shape[dim]!;
        if (size !== 1) {
          if (labelSize[s] !== 1 && labelSize[s] !== size) {
            throw fail(`subscript ${letterOf(s)} has size ${size} for operand ${i} which does not broadcast with previously seen size ${labelSize[s]}`);
          }
          labelSize[s] = size;
          present[position[s]!]!++;
        }
        permutation[position[s]!] = dim++;
      } else {
        const first = permutation[position[s]!]!;
        if (op.shape[dim] !== op.shape[first]) {
          throw fail(`subscript ${letterOf(s)} is repeated for operand ${i} but the sizes don't match, ${op.shape[dim]} != ${op.shape[first]}`);
        }
        op = diagonalInto(op, first, dim);
      }
    }
    for (let d = 0; d < dims; d++) {
      if (permutation[d] === -1) {
        op = op.unsqueeze(dim);
        permutation[d] = dim++;
      }
    }
    return op.permute(permutation);
  });
}

/**
 * (left * right).sum(sumDims, keepdim=True) for operands of equal rank, as one bmm: dims in both
 * become the batch, dims in one side only the rows or the columns, the summed dims the inner one.
 */
function sumproductPair(left: Tensor, right: Tensor, sumDims: readonly number[]): Tensor {
  if (sumDims.length === 0) return left.mul(right);
  const ndim = left.ndim;
  const summed = new Set(sumDims);
  const [both, leftOnly, rightOnly]: [number[], number[], number[]] = [[], [], []];
  let [bothSize, leftSize, rightSize, sumSize] = [1, 1, 1, 1];
  let [l, r] = [left, right];
  for (let d = 0; d < ndim; d++) {
    const inLeft = l.shape[d] !== 1;
    const inRight = r.shape[d] !== 1;
    if (summed.has(d)) {
      if (inLeft && inRight) sumSize *= l.shape[d]!;
      else if (inLeft) l = l.sum(d, true);
      else if (inRight) r = r.sum(d, true);
    } else if (inLeft && inRight) {
      both.push(d);
      bothSize *= l.shape[d]!;
    } else if (inLeft) {
      leftOnly.push(d);
      leftSize *= l.shape[d]!;
    } else {
      rightOnly.push(d);
      rightSize *= r.shape[d]!;
    }
  }
  const outShape = [...both.map((d) => l.shape[d]!), ...leftOnly.map((d) => l.shape[d]!), ...sumDims.map(() => 1), ...rightOnly.map((d) => r.shape[d]!)];
  const order = [...both, ...leftOnly, ...sumDims, ...rightOnly];
  const inverse = new Array<number>(ndim);
  order.forEach((d, k) => (inverse[d] = k));
  const lm = l.permute(order).reshape(bothSize, leftSize, sumSize);
  const rm = r.permute([...both, ...sumDims, ...rightOnly, ...leftOnly]).reshape(bothSize, sumSize, rightSize);
  return lm.bmm(rm).view(outShape).permute(inverse);
}

/** Contracts the aligned operands left to right, summing each dim once no later operand has it. */
function contract(ops: Tensor[], layout: Layout, present: Int32Array): Tensor {
  const { outDims, dims } = layout;
  while (ops.length > 1) {
    let [a, b] = [ops.shift()!, ops.shift()!];
    const sumDims: number[] = [];
    const [aOnly, bOnly]: [number[], number[]] = [[], []];
    for (let d = outDims; d < dims; d++) {
      if (a.shape[d] !== 1 && b.shape[d] !== 1) {
        if (--present[d]! === 1) {
          sumDims.push(d);
          present[d] = 0;
        }
      } else if (present[d] === 1) {
        if (a.shape[d] !== 1) {
          aOnly.push(d);
          present[d] = 0;
        } else if (b.shape[d] !== 1) {
          bOnly.push(d);
          present[d] = 0;
        }
      }
    }
    if (aOnly.length > 0) a = a.sum(aOnly, true);
    if (bOnly.length > 0) b = b.sum(bOnly, true);
    ops.unshift(sumproductPair(a, b, sumDims));
  }
  return ops[0]!;
}

function einsumOf(equation: string, operands: readonly Tensor[]): Tensor {
  const arrowAt = equation.indexOf('->');
  const labels = parseOperands(arrowAt < 0 ? equation : equation.slice(0, arrowAt), operands.length);
  const layout = layoutOf(equation, arrowAt, labels, operands);
  const present = new Int32Array(layout.dims);
  const ops = align(labels, operands, layout, present);
  const { outDims, dims } = layout;
  const contracted = Array.from({ length: dims - outDims }, (_, k) => outDims + k);
  if (ops.length === 1) return contracted.length === 0 ? ops[0]! : ops[0]!.sum(contracted);
  const result = contract(ops, layout, present);
  // Every contracted dim is size 1 by now: dropping them is a view.
  return contracted.length === 0 ? result : result.view(result.shape.slice(0, outDims));
}

// --- binding ---------------------------------------------------------------------------------

/** What PyTorch's Python einsum hands to the builtin: its checks give the builtin's type errors. */
const builtin = new Signatures(['einsum(str equation, Tensor[] tensors)']);

/** Sublist subscripts 0-25 are A-Z, 26-51 a-z; '...' (Python's Ellipsis) is an ellipsis. */
function sublistLetter(n: unknown): string {
  if (n === '...') return '...';
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < LABELS) return letterOf(n);
  throw new ValueError('einsum(): subscript in subscript list is not within the valid range [0, 52)', 'ValueError');
}

/** The sublist form einsum(op1, [0, 1], op2, [1, 2], [0, 2]) as an equation and its operands. */
function fromSublists(args: readonly unknown[]): [string, unknown[]] {
  const word = (list: unknown) => (Array.isArray(list) ? list : [list]).map(sublistLetter).join('');
  const pairs = args.length - (args.length % 2);
  const operands = args.filter((_, i) => i % 2 === 0 && i < pairs);
  let equation = args.filter((_, i) => i % 2 === 1).slice(0, pairs / 2).map(word).join(',');
  if (args.length % 2 === 1) equation += `->${word(args[args.length - 1])}`;
  return [equation, operands];
}

function einsumCall(args: readonly unknown[]): Tensor {
  if (args.length < 2) {
    throw new ValueError('einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list', 'ValueError');
  }
  const [equation, rest] = args[0] instanceof Tensor ? fromSublists(args) : [args[0], args.slice(1)];
  // The older form, einsum(equation, [op1, op2]).
  if (rest.length === 1 && Array.isArray(rest[0])) return einsumCall([equation, ...rest[0]]);
  const a = builtin.bind([equation, rest]);
  return einsumOf(a.equation as string, a.tensors as Tensor[]);
}

export type EinsumFn = (equation: string | Tensor, ...operands: (Tensor | readonly Tensor[] | readonly (number | '...')[])[]) => Tensor;

/**
 * torch.einsum(equation, *operands): sums of products over the subscripts the equation names,
 * e.g. einsum('bij,bjk->bik', a, b) is a batched matmul. Operands may also come as one list, or
 * in the sublist form einsum(a, [0, 1], b, [1, 2], [0, 2]).
 */
export const einsum = defineFunction<EinsumFn>('einsum', 'einsum(Value *args)', (a) => einsumCall(a.args as unknown[]), { style: 'python' });
