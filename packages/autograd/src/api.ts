import {
  type AutogradEngine, DeviceError, type GradHook, type PyArgs, type RemovableHandle, type Tensor, declare, ones_like,
} from '@wick/tensor';
import { accumulateInto, accumulatorFor } from './accumulate.js';
import { runBackward } from './engine.js';
import { AutogradError } from './errors.js';
import { is_grad_enabled, withGradMode } from './grad-mode.js';
import { gradFn, meta } from './meta.js';
import type { Edge } from './node.js';
import { edgeOf } from './record.js';

const asList = (t: Tensor | readonly Tensor[]): readonly Tensor[] => (Array.isArray(t) ? t : [t as Tensor]);

/** The gradients backward starts from: given ones, or ones for scalars (PyTorch's _make_grads). */
function rootGrads(outputs: readonly Tensor[], given: readonly (Tensor | null | undefined)[]): Tensor[] {
  return outputs.map((out, i) => {
    const g = given[i];
    if (g) {
      if (g.shape.join() !== out.shape.join()) {
        throw new AutogradError(
          `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${g.shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${out.shape.join(', ')}]).`,
        );
      }
      return onDeviceOf(g, out, i);
    }
    if (out.numel() !== 1) throw new AutogradError('grad can be implicitly created only for scalar outputs');
    return ones_like(out);
  });
}

/**
 * A given gradient on its output's device (PyTorch's validate_outputs): a 0-dim CPU gradient is
 * moved (synchronous from the CPU), any other on another device is refused.
 */
function onDeviceOf(g: Tensor, out: Tensor, i: number): Tensor {
  if (g.device === out.device) return g;
  if (g.device === 'cpu' && g.ndim === 0) return g.to(out.device);
  throw new DeviceError(`invalid gradient at index ${i} - expected device ${out.device} but got ${g.device}`);
}

function rootEdges(outputs: readonly Tensor[]): Edge[] {
  return outputs.map((t, i) => {
    const e = edgeOf(t);
    if (e === null) throw new AutogradError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return e;
  });
}

/** The edge whose incoming gradient is the gradient with respect to t. */
function inputEdge(t: Tensor): Edge {
  if (!t.requires_grad) throw new AutogradError('One of the differentiated Tensors does not require grad');
  return edgeOf(t);
}

type Tensors = Tensor | readonly Tensor[];
type GradTensors = Tensor | readonly (Tensor | null)[] | null;

export interface BackwardOptions {
  tensors?: Tensors;
  grad_tensors?: GradTensors;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  grad_variables?: GradTensors;
  inputs?: Tensors | null;
}

const backwardSig = declare('autograd.backward',
  'backward(Tensor|Tensor[] tensors, Tensor?|Tensor?[]? grad_tensors=None, bool? retain_graph=None, bool create_graph=False, ' +
    'Tensor?|Tensor?[]? grad_variables=None, Tensor|Tensor[]? inputs=None)',
  { style: 'python' });

/**
 * torch.autograd.backward: accumulates d(tensors)/d(leaf) into each leaf's .grad (or, with
 * `inputs`, into those tensors' .grad only).
 */
export function backward(
  ...args: PyArgs<[tensors: Tensors, grad_tensors?: GradTensors, retain_graph?: boolean | null, create_graph?: boolean, grad_variables?: GradTensors, inputs?: Tensors | null], BackwardOptions>
): void {
  const { tensors, grad_tensors, retain_graph, create_graph, grad_variables, inputs } = backwardSig.bind(args);
  if (grad_variables !== null && grad_tensors !== null) {
    throw new AutogradError("'grad_tensors' and 'grad_variables' (deprecated) arguments both passed to backward(). Please only use 'grad_tensors'.");
  }
  runBackwardCall(tensors, grad_tensors ?? grad_variables, retain_graph, create_graph, inputs);
}

/** backward's work, for callers that have already bound their arguments (Tensor.backward). */
function runBackwardCall(tensors: Tensors, gradTensors: GradTensors, retainGraph: boolean | null, createGraph: boolean, inputsArg: Tensors | null): void {
  const outputs = asList(tensors);
  const given = gradTensors === null ? [] : Array.isArray(gradTensors) ? gradTensors : [gradTensors as Tensor];
  const edges = rootEdges(outputs);
  const grads = rootGrads(outputs, given);
  const keepGraph = retainGraph ?? createGraph;
  if (inputsArg === null) {
    runBackward(edges, grads, { keepGraph, createGraph });
    return;
  }
  const inputs = asList(inputsArg);
  if (inputs.length === 0) throw new AutogradError("'inputs' argument to backward() cannot be empty.");
  const captured = runBackward(edges, grads, { keepGraph, createGraph, captures: inputs.map(inputEdge), accumulate: true });
  // Leaves were accumulated by their accumulators; non-leaf inputs get theirs here.
  withGradMode(createGraph, () =>
    inputs.forEach((t, i) => {
      const g = captured[i];
      if (gradFn(t) !== null && g) accumulateInto(t, g);
    }),
  );
}

export interface GradOptions {
  outputs?: Tensors;
  inputs?: Tensors;
  grad_outputs?: GradTensors;
  retain_graph?: boolean | null;
  create_graph?: boolean;
  only_inputs?: boolean;
  allow_unused?: boolean | null;
  is_grads_batched?: boolean;
  materialize_grads?: boolean;
}

const gradSig = declare('autograd.grad',
  'grad(Tensor|Tensor[] outputs, Tensor|Tensor[] inputs, Tensor?|Tensor?[]? grad_outputs=None, bool? retain_graph=None, ' +
    'bool create_graph=False, bool only_inputs=True, bool? allow_unused=None, bool is_grads_batched=False, bool materialize_grads=False)',
  { style: 'python' });

/** torch.autograd.grad: the gradients of outputs with respect to inputs, returned (not accumulated). */
export function grad(
  ...args: PyArgs<[outputs: Tensors, inputs: Tensors, grad_outputs?: GradTensors, retain_graph?: boolean | null, create_graph?: boolean, only_inputs?: boolean, allow_unused?: boolean | null], GradOptions>
): (Tensor | null)[] {
  const a = gradSig.bind(args);
  // NOTE: PyTorch ignores only_inputs (deprecated, "defaults to True"), and so does wick.
  if (a.is_grads_batched) throw new AutogradError('grad(is_grads_batched=True) needs vmap, which wick does not have');
  if (a.materialize_grads && a.allow_unused === false) {
    throw new AutogradError('Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.', 'ValueError');
  }
  const outs = asList(a.outputs);
  const ins = asList(a.inputs);
  const given = a.grad_outputs === null ? [] : Array.isArray(a.grad_outputs) ? a.grad_outputs : [a.grad_outputs as Tensor];
  const edges = rootEdges(outs);
  const grads = rootGrads(outs, given);
  const createGraph: boolean = a.create_graph;
  const keepGraph = a.retain_graph ?? createGraph;
  const captured = runBackward(edges, grads, { keepGraph, createGraph, captures: ins.map(inputEdge) });
  const allowUnused = a.allow_unused ?? a.materialize_grads;
  return captured.map((g, i) => {
    if (g) return g;
    if (!allowUnused) {
      throw new AutogradError(
        `The differentiated Tensor at index ${i} appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.`,
      );
    }
    return a.materialize_grads ? withGradMode(false, () => ins[i]!.mul(0)) : null;
  });
}

/** The Tensor-method side of autograd (backward, retain_grad, hooks, detach_), installed on Tensor. */
export const tensorEngine: AutogradEngine = {
  backward(t, gradient, opts) {
    runBackwardCall([t], gradient ? [gradient] : null, opts?.retain_graph ?? null, opts?.create_graph ?? false, opts?.inputs ?? null);
  },
  retain_grad(t) {
    if (!t.requires_grad) throw new AutogradError("can't retain_grad on Tensor that has requires_grad=False");
    const fn = gradFn(t);
    if (fn) fn.retained.set(meta(t).outputNr, t);
  },
  retains_grad(t) {
    const fn = gradFn(t);
    return fn !== null && fn.retained.get(meta(t).outputNr) === t;
  },
  register_hook(t: Tensor, hook: GradHook): RemovableHandle {
    if (!t.requires_grad) throw new AutogradError("cannot register a hook on a tensor that doesn't require gradient");
    const fn = gradFn(t);
    const list = fn ? (fn.hooks.get(meta(t).outputNr) ?? []) : meta(t).leafHooks;
    if (fn) fn.hooks.set(meta(t).outputNr, list);
    else accumulatorFor(t);
    list.push(hook);
    return {
      remove() {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
      },
    };
  },
  detach_(t) {
    if (t._base !== null) {
      throw new AutogradError(
        "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.",
      );
    }
    t.grad_fn = null;
    t.requires_grad = false;
  },
};

export { is_grad_enabled };
