// Every op of @wick/tensor either has a derivative row or is listed as non-differentiable with a
// reason: no op can quietly produce a tensor without a gradient.
import { getOp, opNames } from '@wick/tensor';
import { expect, it } from 'vitest';
import { derivatives, nonDifferentiable } from '../src/index.js';

it('covers every op in the op table', () => {
  // An op differentiated through its composite (gru, gru_cell, ...) is never recorded itself.
  const missing = opNames().filter((op) => !getOp(op)?.implicit && !derivatives.has(op) && !nonDifferentiable.has(op));
  expect(missing, `ops with neither a derivative nor a reason: ${missing.join(', ')}`).toEqual([]);
});

it('lists no op twice and no op that does not exist', () => {
  const ops = new Set(opNames());
  const both = [...nonDifferentiable.keys()].filter((op) => derivatives.has(op));
  expect(both).toEqual([]);
  const stale = [...derivatives.keys(), ...nonDifferentiable.keys()].filter((op) => !ops.has(op));
  expect(stale).toEqual([]);
});
