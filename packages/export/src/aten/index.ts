// The ATen op table: every overload torch.export emits for wick's modules (both the default graph
// and the core-ATen graph after run_decompositions()), by its name without the 'torch.ops.'
// prefix, each a function of its named arguments (types.ts) built on wick's public ops.
import { Args, type AtenGroup } from './args.js';
import { CREATION } from './creation.js';
import { LAYERS } from './layers.js';
import { LINALG } from './linalg.js';
import { LOSSES } from './losses.js';
import { NORMALIZATION } from './normalization.js';
import { POINTWISE } from './pointwise.js';
import { REDUCTIONS } from './reductions.js';
import { RNN } from './rnn.js';
import { SOFTMAX } from './softmax.js';
import type { AtenOp } from './types.js';
import { VIEWS } from './views.js';

export type { AtenArgs, AtenOp, AtenValue } from './types.js';

const GROUPS: readonly AtenGroup[] = [POINTWISE, SOFTMAX, REDUCTIONS, VIEWS, CREATION, LINALG, NORMALIZATION, LAYERS, LOSSES, RNN];

function table(): Map<string, AtenOp> {
  const ops = new Map<string, AtenOp>();
  for (const group of GROUPS) {
    for (const [name, impl] of Object.entries(group)) ops.set(name, (args) => impl(new Args(name, args)));
  }
  return ops;
}

/** The ATen overloads wick runs, by name (`'aten.linear.default'`). */
export const ATEN_OPS: ReadonlyMap<string, AtenOp> = table();
