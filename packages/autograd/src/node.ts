import { type DType, type Device, type GradHook, type Tensor, scalarName, zeros } from '@wick/tensor';
import { AutogradError } from './errors.js';
import { meta } from './meta.js';

/** Where a gradient goes: input `nr` of `node` (PyTorch's Edge; `null` is "no gradient wanted"). */
export type Edge = readonly [node: Node, nr: number] | null;

/** The shape, dtype and device of one tensor a node produced or consumed (enough to make zeros). */
export interface TensorInfo {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Gradients and zeros are made on the device of the tensor they belong to. */
  readonly device: Device;
  /** Where the elements sat in storage (as_strided and in-place-on-view backward need it). */
  readonly geometry?: { readonly strides: readonly number[]; readonly offset: number };
}

export const info = (t: Tensor): TensorInfo => ({
  shape: t.shape,
  dtype: t.dtype,
  device: t.device,
  geometry: { strides: t.strides, offset: t.offset },
});

let nextSequenceNr = 0;

/**
 * A node of the backward graph (PyTorch's torch::autograd::Node): it takes the gradients of the
 * outputs of one forward op and returns the gradients of that op's inputs, in the order of `next`.
 */
export abstract class Node {
  /** Later nodes run first when several are ready (PyTorch orders its ready queue the same way). */
  readonly sequence_nr: number = nextSequenceNr++;
  /** Tensor hooks registered on outputs of this node (register_hook on a non-leaf), by output. */
  readonly hooks = new Map<number, GradHook[]>();
  /** Non-leaf tensors that retain their gradient (retain_grad), by output. */
  readonly retained = new Map<number, Tensor>();

  constructor(
    readonly next: Edge[],
    /** The outputs of the forward op, for zero gradients of outputs nothing flowed into. */
    readonly outputs: readonly TensorInfo[],
  ) {}

  /** PyTorch's node class name: AddBackward0, MmBackward0, torch::autograd::AccumulateGrad. */
  abstract name(): string;

  /** Input gradients (aligned with `next`) from output gradients; null means zero / not needed. */
  abstract apply(grads: readonly (Tensor | null)[]): (Tensor | null)[];

  /** Drops saved tensors once backward has used them (unless retain_graph). */
  release(): void {}

  /** PyTorch's next_functions: [node or null, input number] per input of the forward op. */
  get next_functions(): [Node | null, number][] {
    return this.next.map((e) => (e === null ? [null, 0] : [e[0], e[1]]));
  }

  toString(): string {
    return `<${this.name()}>`;
  }
}

/** Zeros shaped like output `i` of a node (gradients PyTorch materializes for formulas). */
export function zerosFor(t: TensorInfo): Tensor {
  return zeros(t.shape as number[], { dtype: t.dtype, device: t.device });
}

/** PyTorch's legacy tensor type name used in messages: torch.FloatTensor [2, 3]. */
function typeName(t: Tensor): string {
  return `torch.${scalarName(t.dtype)}Tensor [${t.shape.join(', ')}]`;
}

export const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
  'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if ' +
  'you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/**
 * A tensor a node keeps for its backward formula (PyTorch's SavedVariable). It remembers the
 * storage version at save time: an in-place write afterwards makes the saved value stale, and
 * unpacking then fails with PyTorch's message rather than computing a wrong gradient.
 */
export class SavedTensor {
  private tensor: Tensor | null;
  private readonly version: number;

  constructor(
    tensor: Tensor,
    /** The node that saved it when it is that node's own output (named in the message). */
    private readonly ownerIfOutput: Node | null,
    version: number = tensor._version,
  ) {
    this.tensor = tensor;
    this.version = version;
  }

  unpack(): Tensor {
    const t = this.tensor;
    if (t === null) throw new AutogradError(FREED_MESSAGE);
    if (t._version !== this.version) {
      const fn = this.ownerIfOutput ?? (t.grad_fn as Node | null);
      const which = fn ? `, which is output ${meta(t).outputNr} of ${fn.name().replace(/Backward\d*$/, '')},` : '';
      throw new AutogradError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${typeName(t)}]${which} ` +
          `is at version ${t._version}; expected version ${this.version} instead. Hint: enable anomaly detection to find the ` +
          'operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False).',
      );
    }
    return t;
  }

  release(): void {
    this.tensor = null;
  }
}
