import { type Tensor, Tensor as TensorClass, declare, isFloating } from '@wick/tensor';
import { AutogradError } from './errors.js';
import { gradEnabled, withGradMode } from './grad-mode.js';
import { type Edge, Node, SavedTensor, type TensorInfo, info, zerosFor } from './node.js';
import { fit } from './op-node.js';
import { attach, edgeOf } from './record.js';

const saveSig = declare('autograd.function.FunctionCtx.save_for_backward', 'FunctionCtx.save_for_backward(Tensor? *tensors)', {
  style: 'python', pythonMethod: true,
});
const markSig = declare('autograd.function.FunctionCtx.mark_non_differentiable', 'FunctionCtx.mark_non_differentiable(Tensor *args)', {
  style: 'python', pythonMethod: true,
});

/** What forward and backward of a custom Function share (PyTorch's FunctionCtx). */
export class FunctionCtx {
  /** For each forward argument, whether it is a tensor that requires grad. */
  needs_input_grad: boolean[] = [];
  private saved: SavedTensor[] = [];
  readonly nonDifferentiable = new Set<Tensor>();
  /** Any other values backward needs can be stored on the ctx by name. */
  [key: string]: unknown;

  save_for_backward(...tensors: (Tensor | null)[]): void {
    saveSig.bind(tensors);
    this.saved = tensors.map((t) => (t === null ? null : new SavedTensor(t, null))).filter((s): s is SavedTensor => s !== null);
  }

  get saved_tensors(): Tensor[] {
    return this.saved.map((s) => s.unpack());
  }

  mark_non_differentiable(...tensors: Tensor[]): void {
    markSig.bind(tensors);
    for (const t of tensors) this.nonDifferentiable.add(t);
  }

  /** Frees what save_for_backward kept (after a backward without retain_graph). */
  release(): void {
    for (const s of this.saved) s.release();
  }
}

type Outputs = Tensor | readonly Tensor[];

/**
 * A custom differentiable operation, written as PyTorch's torch.autograd.Function is:
 *
 *   class Exp extends Function {
 *     static forward(ctx: FunctionCtx, x: Tensor) { const r = x.exp(); ctx.save_for_backward(r); return r; }
 *     static backward(ctx: FunctionCtx, g: Tensor) { const [r] = ctx.saved_tensors; return g.mul(r!); }
 *   }
 *   const y = Exp.apply(x);
 *
 * forward runs without recording; backward returns one gradient (or null) per forward argument.
 */
export class Function {
  static forward(_ctx: FunctionCtx, ..._args: unknown[]): Outputs {
    throw new AutogradError('You must implement the forward function for custom autograd.Function.');
  }

  static backward(_ctx: FunctionCtx, ..._grads: Tensor[]): Tensor | null | (Tensor | null)[] {
    throw new AutogradError('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
  }

  static apply<T extends typeof Function>(this: T, ...args: unknown[]): ReturnType<T['forward']> {
    const ctx = new FunctionCtx();
    const tensorArgs = args.map((a) => (a instanceof TensorClass ? a : null));
    ctx.needs_input_grad = tensorArgs.map((t) => t !== null && t.requires_grad);
    const raw = withGradMode(false, () => this.forward(ctx, ...args));
    const list = (Array.isArray(raw) ? [...raw] : [raw]) as Tensor[];
    // An input returned as an output gets a new identity (PyTorch would make it a view).
    const outputs = list.map((t) => (tensorArgs.includes(t) ? t.detach() : t));
    const record = gradEnabled() && ctx.needs_input_grad.some(Boolean);
    if (record) {
      const edges: Edge[] = tensorArgs.map((t) => (t === null ? null : edgeOf(t)));
      const node = new FunctionNode(this, ctx, edges, outputs.map(info), tensorArgs.map((t) => (t ? info(t) : null)));
      outputs.forEach((t, i) => {
        if (isFloating(t.dtype) && !ctx.nonDifferentiable.has(list[i]!)) attach(t, node, i);
      });
    }
    return (Array.isArray(raw) ? outputs : outputs[0]) as ReturnType<T['forward']>;
  }
}

class FunctionNode extends Node {
  constructor(
    private readonly fn: typeof Function,
    private readonly ctx: FunctionCtx,
    next: Edge[],
    outputs: readonly TensorInfo[],
    private readonly inputs: readonly (TensorInfo | null)[],
  ) {
    super(next, outputs);
  }

  name(): string {
    return `${this.fn.name}Backward`;
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const full = this.outputs.map((o, i) => grads[i] ?? zerosLike(o));
    const raw = this.fn.backward(this.ctx, ...full);
    const result = Array.isArray(raw) ? raw : [raw];
    if (result.length !== this.inputs.length) {
      throw new AutogradError(`function ${this.name()} returned an incorrect number of gradients (expected ${this.inputs.length}, got ${result.length})`);
    }
    return result.map((g, i) => {
      const input = this.inputs[i];
      if (g === null || g === undefined || !input || this.next[i] === null) return null;
      return fit(g, input, this.name(), i);
    });
  }

  override release(): void {
    this.ctx.release();
  }
}

const zerosLike = (o: TensorInfo): Tensor => withGradMode(false, () => zerosFor(o));
