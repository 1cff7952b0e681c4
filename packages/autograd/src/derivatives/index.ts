import { viewDerivatives, convertDerivatives } from './views.js';
import { binaryDerivatives, selectionDerivatives, unaryDerivatives } from './elementwise.js';
import { advancedIndexDerivatives } from './advanced-index.js';
import { indexingDerivatives } from './indexing.js';
import { joinDerivatives } from './join.js';
import { matmulDerivatives } from './matmul.js';
import { randomDerivatives } from './random.js';
import { reduceDerivatives } from './reduce.js';
import { rnnDerivatives } from './rnn.js';
import { sortDerivatives } from './sort.js';
import type { Derivative } from './types.js';

export type { Ctx, Derivative, Formula } from './types.js';

/** The derivative table: one row per differentiable op of @wick/tensor, keyed by op name. */
export const derivatives: ReadonlyMap<string, Derivative> = new Map(
  Object.entries({
    ...unaryDerivatives,
    ...binaryDerivatives,
    ...selectionDerivatives,
    ...viewDerivatives,
    ...convertDerivatives,
    ...reduceDerivatives,
    ...sortDerivatives,
    ...matmulDerivatives,
    ...joinDerivatives,
    ...indexingDerivatives,
    ...advancedIndexDerivatives,
    ...randomDerivatives,
    ...rnnDerivatives,
  }),
);

/**
 * Ops whose outputs carry no gradient, each with the reason. An op in neither this list nor the
 * table fails loudly when an input requires grad, rather than returning a zero gradient.
 */
export const nonDifferentiable: ReadonlyMap<string, string> = new Map([
  ...['logical_not', 'isnan', 'isinf', 'isfinite', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logical_and', 'logical_or', 'logical_xor']
    .map((op) => [op, 'bool result'] as const),
  ...['argmax', 'argmin', 'multinomial', 'nonzero'].map((op) => [op, 'int64 result (indices)'] as const),
  ...['all', 'any'].map((op) => [op, 'bool result (uint8 for uint8 input)'] as const),
  ['_rnn_layer_backward', 'the fused gradient of _rnn_layer; higher-order gradients differentiate its composite instead'],
  ...['conj', 'angle'].map((op) => [op, 'complex input: wick has no complex gradients (a complex tensor cannot require grad)'] as const),
]);
