import { type Attrs, type OpResult, type Recorder, type Tensor, isFloating, zeros } from '@wick/tensor';
import { accumulatorFor } from './accumulate.js';
import { type Derivative, derivatives, nonDifferentiable } from './derivatives/index.js';
import { viewDerivatives } from './derivatives/views.js';
import { AutogradError } from './errors.js';
import { gradEnabled, withGradMode } from './grad-mode.js';
import { gradFn, meta } from './meta.js';
import { type Edge, Node, SavedTensor, type TensorInfo, info } from './node.js';
import { OpNode } from './op-node.js';

/** Where t's gradient goes: its grad_fn's output, its leaf accumulator, or nowhere. */
export function edgeOf(t: Tensor): Edge {
  if (!t.requires_grad) return null;
  if (t._base !== null && 'baseFn' in meta(t) && meta(t).baseFn !== gradFn(t._base)) regenerateView(t);
  const fn = gradFn(t);
  return fn ? [fn, meta(t).outputNr] : [accumulatorFor(t), 0];
}

/** Makes `node` the grad_fn of output `nr`, as a non-leaf that requires grad. */
export function attach(t: Tensor, node: Node, nr: number): void {
  t.grad_fn = node;
  t.requires_grad = true;
  const m = meta(t);
  m.outputNr = nr;
  if (t._base !== null) m.baseFn = gradFn(t._base);
}

/** A view's history rebuilt from its base's current history, as an as_strided view of it. */
function regenerateView(t: Tensor): void {
  const base = t._base!;
  const attrs = { size: [...t.shape], stride: [...t.strides], storage_offset: t.offset };
  const node = new OpNode('AsStridedBackward0', viewDerivatives.as_strided!, attrs, [edgeOf(base)], [info(t)], [info(base)], [true], new Map());
  attach(t, node, 0);
}

const LEAF_INPLACE = 'a leaf Variable that requires grad is being used in an in-place operation.';
const VIEW_OF_LEAF_INPLACE = 'a view of a leaf Variable that requires grad is being used in an in-place operation.';

function checkInplace(self: Tensor): void {
  if (self.requires_grad && gradFn(self) === null) throw new AutogradError(LEAF_INPLACE);
  const base = self._base;
  if (base && base.requires_grad && gradFn(base) === null) throw new AutogradError(VIEW_OF_LEAF_INPLACE);
}

/** The saved-tensor names a row needs, given which inputs want gradients. */
function savedNames(row: Derivative, needs: readonly boolean[]): string[] {
  const saves = row.saves ?? [];
  if (Array.isArray(saves)) return [...saves];
  const wants = (name: string) => needs[row.args.indexOf(name)] ?? false;
  return Object.entries(saves as Record<string, readonly string[]>).filter(([, users]) => users.some(wants)).map(([name]) => name);
}

/**
 * The Recorder @wick/tensor calls after every op: when grad mode is on and an input requires
 * grad, it adds the op's backward node to the graph (PyTorch's VariableType wrappers).
 */
export class GraphRecorder implements Recorder {
  /** self's value before an in-place op, for rows that save it (set by beforeInplace). */
  private original: { self: Tensor; copy: Tensor } | null = null;

  /**
   * Called before an in-place op runs, when the op table offers it: refuses in-place writes on
   * leaves before anything changes, and keeps self's old value if the backward formula reads it.
   */
  beforeInplace(op: string, inputs: readonly Tensor[]): void {
    if (!gradEnabled() || !inputs.some((t) => t.requires_grad)) return;
    const self = inputs[0]!;
    checkInplace(self);
    const row = derivatives.get(op);
    if (row && savedNames(row, inputs.map((t) => t.requires_grad)).includes(row.args[0]!)) {
      this.original = { self, copy: withGradMode(false, () => self.clone()) };
    }
  }

  /** An in-place view op (t_, squeeze_, ...): self takes over the history just recorded for `view`. */
  adoptView(self: Tensor, view: Tensor): void {
    const fn = gradFn(view);
    // Nothing was recorded (grad mode off, or no input requires grad): self keeps its history, as in PyTorch.
    if (fn === null) return;
    attach(self, fn, meta(view).outputNr);
  }

  wouldRecord(inputs: readonly Tensor[]): boolean {
    return gradEnabled() && inputs.some((t) => t.requires_grad);
  }

  record(op: string, inputs: readonly Tensor[], attrs: Attrs, result: OpResult, inplace: boolean): void {
    // NOTE: ops nested inside an in-place op's run are recorded first; the copy stays for its op.
    const original = inplace && this.original?.self === inputs[0] ? this.original : null;
    if (original) this.original = null;
    if (!gradEnabled() || !inputs.some((t) => t.requires_grad)) return;
    const row = derivatives.get(op);
    if (!row) {
      if (nonDifferentiable.has(op)) return;
      throw new AutogradError(`the derivative for '${op}' is not implemented.`);
    }
    const outs = Array.isArray(result) ? result : [result];
    if (!outs.some((t) => isFloating(t.dtype))) return; // integer and bool results carry no gradient
    if (!inplace) {
      const node = makeNode(op, row, inputs, attrs, outs, inputs.map(edgeOf), null);
      outs.forEach((t, i) => isFloating(t.dtype) && attach(t, node, i));
      return;
    }
    const self = inputs[0]!;
    checkInplace(self);
    const edges = inputs.map(edgeOf);
    const selfBefore = original?.self === self ? original.copy : null;
    if (self._base !== null) {
      rebaseView(op, row, inputs, attrs, edges, selfBefore);
      return;
    }
    attach(self, makeNode(op, row, inputs, attrs, [self], edges, selfBefore), 0);
  }
}

/** Builds the node of one op call and saves what its formulas read. */
function makeNode(
  op: string,
  row: Derivative,
  inputs: readonly Tensor[],
  attrs: Attrs,
  outs: readonly Tensor[],
  edges: Edge[],
  selfBefore: Tensor | null,
  needSelf = false,
): OpNode {
  const differentiable = (i: number) => (row.each ? true : row.grads[row.args[i]!] !== undefined);
  const next = edges.map((e, i) => (differentiable(i) ? e : null));
  const needs = next.map((e, i) => e !== null || (needSelf && i === 0));
  const name = typeof row.node === 'string' ? row.node : row.node(attrs, inputs);
  const saved = new Map<string, SavedTensor>();
  const node = new OpNode(name, row, attrs, next, outs.map(info), inputs.map(info), needs, saved);
  for (const key of savedNames(row, needs)) {
    if (key === 'result' || key === 'result1') {
      const t = outs[key === 'result' ? 0 : 1]!;
      saved.set(key, new SavedTensor(t, node));
      continue;
    }
    if (key === 'workspace') {
      // A fused op's last output: what its forward kernel kept for backward.
      saved.set(key, new SavedTensor(outs[outs.length - 1]!, node));
      continue;
    }
    const i = row.args.indexOf(key);
    if (key.startsWith('...')) {
      // A list argument: every input from its position on, each saved under name.0, name.1, ...
      inputs.slice(i).forEach((t, j) => saved.set(`${key.slice(3)}.${j}`, new SavedTensor(t, null)));
      continue;
    }
    const t = inputs[i]!;
    if (i === 0 && outs[0] === t) {
      // In place: self now holds the result. Its old value was copied before the op ran if the table
      // offered that; otherwise it is gone, and reading it fails with PyTorch's version message.
      saved.set(key, selfBefore ? new SavedTensor(selfBefore, null) : new SavedTensor(t, null, t._version - 1));
    } else {
      saved.set(key, new SavedTensor(t, null));
    }
  }
  return node;
}

/**
 * An in-place op on a view rewrites its base's history (PyTorch's CopySlices): the base's new
 * grad_fn routes the part of the gradient under the view through the op's node, and the view
 * becomes an as_strided view of the updated base.
 */
function rebaseView(op: string, row: Derivative, inputs: readonly Tensor[], attrs: Attrs, edges: Edge[], selfBefore: Tensor | null): void {
  const self = inputs[0]!;
  const base = self._base!;
  const fn = makeNode(op, row, inputs, attrs, [self], edges, selfBefore, true);
  const copySlices = new CopySlices(info(base), info(self), fn, [edgeOf(base), ...fn.next.slice(1)]);
  attach(base, copySlices, 0);
  regenerateView(self);
}

function extent(t: TensorInfo): number {
  const g = t.geometry!;
  if (t.shape.some((s) => s === 0)) return g.offset;
  return t.shape.reduce((end, s, i) => end + (s - 1) * g.strides[i]!, g.offset) + 1;
}

export class CopySlices extends Node {
  constructor(
    private readonly base: TensorInfo,
    private readonly view: TensorInfo,
    private readonly fn: OpNode,
    next: Edge[],
  ) {
    super(next, [base]);
  }

  name(): string {
    return 'torch::autograd::CopySlices';
  }

  apply([grad]: readonly (Tensor | null)[]): (Tensor | null)[] {
    const b = this.base.geometry!;
    const v = this.view.geometry!;
    const buffer = zeros([Math.max(extent(this.base), extent(this.view))], { dtype: this.base.dtype, device: this.base.device });
    const result = buffer.as_strided(this.base.shape as number[], b.strides as number[], b.offset);
    if (grad) result.copy_(grad);
    const slice = buffer.as_strided(this.view.shape as number[], v.strides as number[], v.offset);
    const res = this.fn.apply([slice.clone()]);
    if (res[0]) slice.copy_(res[0]);
    else slice.fill_(0);
    // NOTE: a fresh view of the buffer: under create_graph the writes above gave the buffer a new
    // history, which a view taken before them would not see.
    return [buffer.as_strided(this.base.shape as number[], b.strides as number[], b.offset), ...res.slice(1)];
  }

  override release(): void {
    this.fn.release();
  }
}
