// Shared by the nn fixture tests: turning a recorded module case (tools/fixtures/nn_cases/family.py)
// into a wick module with PyTorch's weights, and its recorded inputs into wick values.
import { type FixtureCase, decodeValue } from '@wick/testing';
import { type DType, Tensor } from '@wick/tensor';
import * as nn from '../src/index.js';

type Ctor = new (...args: unknown[]) => nn.Module;
interface Pack {
  pack: { padded: unknown; lengths: unknown; batch_first: boolean; enforce_sorted: boolean };
}

export function construct(c: FixtureCase): nn.Module {
  const ctor: unknown = Reflect.get(nn, String(c.module));
  if (typeof ctor !== 'function') throw new Error(`nn has no module ${String(c.module)}`);
  const args = decodeValue(c.args ?? []).value as unknown[];
  const kwargs = c.kwargs ?? {};
  const full = Object.keys(kwargs).length > 0 ? [...args, decodeValue(kwargs).value] : args;
  return Reflect.construct(ctor as Ctor, full);
}

/** The case's module in its dtype, holding PyTorch's weights, in the recorded train/eval mode. */
export function loadedModule(c: FixtureCase): nn.Module {
  const m = construct(c);
  const dtype = String(c.dtype) as DType;
  if (dtype !== 'float32') m.to(dtype);
  const pairs = c.state_dict as [string, unknown][];
  m.load_state_dict(new Map(pairs.map(([k, t]) => [k, decodeValue(t).value as Tensor])));
  m.train(Boolean(c.training));
  return m;
}

/**
 * A recorded input as [wick value, leaf]: tensors, [h, c] lists, and {pack: ...} as a
 * PackedSequence. With `leaf`, float tensors (a pack's padded batch) are fresh leaves that require
 * grad, shaped like the fixture's grads.inputs.
 */
export function leafInput(v: unknown, leaf = true): [unknown, unknown] {
  if (v !== null && typeof v === 'object' && 'pack' in v) {
    const p = (v as Pack).pack;
    let padded = decodeValue(p.padded).value as Tensor;
    if (leaf) padded = padded.clone().requires_grad_();
    const lengths = decodeValue(p.lengths).value as number[];
    const packed = nn.utils.rnn.pack_padded_sequence(padded, lengths, { batch_first: p.batch_first, enforce_sorted: p.enforce_sorted });
    return [packed, leaf ? padded : null];
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => leafInput(x, leaf));
    return [parts.map((p) => p[0]), parts.map((p) => p[1])];
  }
  const t = decodeValue(v).value;
  if (leaf && t instanceof Tensor && t.is_floating_point()) {
    const l = t.clone().requires_grad_();
    return [l, l];
  }
  return [t, null];
}

/** A recorded input as a wick value (no autograd leaves). */
export const input = (v: unknown): unknown => leafInput(v, false)[0];
