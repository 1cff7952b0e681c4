import type { Tensor } from '@wick/tensor';
import { AccumulateGrad } from './accumulate.js';
import { withGradMode } from './grad-mode.js';
import { meta } from './meta.js';
import { type Edge, Node, type TensorInfo } from './node.js';

/** Feeds the gradients given to backward() into the graph (PyTorch's GraphRoot). */
class GraphRoot extends Node {
  constructor(
    next: Edge[],
    private readonly grads: readonly Tensor[],
  ) {
    super(next, []);
  }
  name(): string {
    return 'GraphRoot';
  }
  apply(): (Tensor | null)[] {
    return [...this.grads];
  }
}

export interface RunOptions {
  keepGraph: boolean;
  createGraph: boolean;
  /**
   * Edges whose incoming gradient is wanted back (autograd.grad, and backward's `inputs`): only
   * nodes on a path to one of them run, and a leaf's accumulator is not run unless `accumulate`.
   */
  captures?: readonly Edge[];
  /** With captures: whether the captured leaves' accumulators run (backward(inputs)). */
  accumulate?: boolean;
}

/** Max-heap of ready nodes by sequence number: the most recently created node runs first. */
class ReadyQueue {
  private readonly items: Node[] = [];
  push(n: Node): void {
    const a = this.items;
    a.push(n);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.sequence_nr >= a[i]!.sequence_nr) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): Node | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.sequence_nr > a[m]!.sequence_nr) m = l;
        if (r < a.length && a[r]!.sequence_nr > a[m]!.sequence_nr) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Runs backward from `roots` with the given gradients (PyTorch's Engine::execute): every node runs
 * once all the nodes that feed it have run; gradients arriving at one input are summed. Returns
 * the gradients that arrived at each capture edge (null where none did).
 */
export function runBackward(roots: readonly Edge[], grads: readonly Tensor[], opts: RunOptions): (Tensor | null)[] {
  const root = new GraphRoot([...roots], grads);
  const nodes = discover(root);
  const captures = opts.captures ?? null;
  const captureAt = new Map<Node, Map<number, number[]>>();
  captures?.forEach((e, k) => {
    if (e === null) return;
    const byNr = captureAt.get(e[0]) ?? new Map<number, number[]>();
    byNr.set(e[1], [...(byNr.get(e[1]) ?? []), k]);
    captureAt.set(e[0], byNr);
  });
  const runs = whichRun(nodes, root, captures === null ? null : captureAt, opts.accumulate ?? false);

  // Dependencies: how many running nodes feed each node.
  const pending = new Map<Node, number>();
  for (const n of nodes) {
    if (!runs.has(n)) continue;
    for (const e of n.next) if (e) pending.set(e[0], (pending.get(e[0]) ?? 0) + 1);
  }

  const buffers = new Map<Node, (Tensor | null)[]>();
  // Sums this run created (old.add(g)) and still waiting in a buffer: nothing else holds them, so
  // further gradients for the same input are added into them in place, as PyTorch's InputBuffer
  // does. A 100-step RNN sends 100 gradients to each weight; summing them out of place allocated
  // a weight-sized tensor for each.
  const owned = new WeakSet<Tensor>();
  const captured: (Tensor | null)[] = new Array<Tensor | null>(captures?.length ?? 0).fill(null);
  const ready = new ReadyQueue();
  ready.push(root);
  withGradMode(opts.createGraph, () => {
    for (let node = ready.pop(); node; node = ready.pop()) {
      const inputs = buffers.get(node) ?? [];
      buffers.delete(node);
      // NOTE: once handed to the node, a sum is no longer the buffer's own: a formula may pass it
      // on unchanged (AddBackward returns grad) into another node's buffer.
      for (const t of inputs) if (t) owned.delete(t);
      const grads = node === root ? [] : preHooks(node, inputs);
      const wanted = captureAt.get(node);
      if (wanted) for (const [nr, ks] of wanted) for (const k of ks) captured[k] = grads[nr] ?? null;
      if (!runs.has(node)) continue;
      const outputs = grads.some((g) => g) || node === root ? node.apply(grads) : node.next.map(() => null);
      if (!opts.keepGraph) node.release();
      node.next.forEach((e, i) => {
        if (!e) return;
        const [child, nr] = e;
        const g = outputs[i] ?? null;
        if (g) {
          const buffer = buffers.get(child) ?? [];
          buffer[nr] = accumulate(buffer[nr] ?? null, g, owned, opts.createGraph);
          buffers.set(child, buffer);
        }
        const left = pending.get(child)! - 1;
        pending.set(child, left);
        if (left === 0) ready.push(child);
      });
    }
  });
  return captured;
}

/**
 * old + g. NOTE: in place only into a sum this run made itself, with g's shape and dtype, and not
 * under create_graph: old may be a formula's output that another node also holds, and a recorded
 * graph must not see its input change.
 */
function accumulate(old: Tensor | null, g: Tensor, owned: WeakSet<Tensor>, createGraph: boolean): Tensor {
  if (old === null) return g;
  if (!createGraph && owned.has(old) && old.dtype === g.dtype && sameShape(old.shape, g.shape)) return old.add_(g);
  const sum = old.add(g);
  owned.add(sum);
  return sum;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Tensor hooks on a node's outputs (register_hook), then retain_grad, as PyTorch orders them. */
function preHooks(node: Node, inputs: readonly (Tensor | null)[]): (Tensor | null)[] {
  if (node instanceof AccumulateGrad) {
    // A leaf's hooks run before its gradient is accumulated or captured (autograd.grad).
    let g = inputs[0] ?? null;
    if (g) for (const hook of meta(node.variable).leafHooks) g = hook(g) ?? g;
    return [g];
  }
  const grads = node.outputs.map((_: TensorInfo, i) => inputs[i] ?? null);
  for (const [nr, hooks] of node.hooks) {
    for (const hook of hooks) {
      const g = grads[nr];
      if (g) grads[nr] = hook(g) ?? g;
    }
  }
  for (const [nr, t] of node.retained) {
    const g = grads[nr];
    if (!g) continue;
    t.grad = t.grad === null ? g.clone() : t.grad.add(g);
  }
  return grads;
}

function discover(root: Node): Node[] {
  const seen = new Set<Node>([root]);
  const stack = [root];
  while (stack.length) {
    for (const e of stack.pop()!.next) {
      if (e && !seen.has(e[0])) {
        seen.add(e[0]);
        stack.push(e[0]);
      }
    }
  }
  return [...seen];
}

/**
 * The nodes that run. Without captures, all of them. With captures, a node runs when one of its
 * edges leads to a capture or to a node that runs (PyTorch's exec_info); an accumulator runs only
 * when it is captured and `accumulate` asks for it.
 */
function whichRun(nodes: readonly Node[], root: Node, captureAt: Map<Node, unknown> | null, accumulate: boolean): Set<Node> {
  if (captureAt === null) return new Set(nodes);
  // Children before parents (iterative post-order: graphs of long sequences are deep).
  const order: Node[] = [];
  const state = new Map<Node, 1 | 2>();
  const stack: [Node, number][] = [[root, 0]];
  state.set(root, 1);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [n, i] = top;
    if (i < n.next.length) {
      top[1]++;
      const e = n.next[i];
      if (e && !state.has(e[0])) {
        state.set(e[0], 1);
        stack.push([e[0], 0]);
      }
      continue;
    }
    stack.pop();
    state.set(n, 2);
    order.push(n);
  }
  const runs = new Set<Node>();
  for (const n of order) {
    let r = n instanceof AccumulateGrad && accumulate && captureAt.has(n);
    for (const e of n.next) if (e && (captureAt.has(e[0]) || runs.has(e[0]))) r = true;
    if (r) runs.add(n);
  }
  runs.add(root);
  return runs;
}
