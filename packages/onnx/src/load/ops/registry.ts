// Every operator wick runs, by op_type, for ONNX's default domain ('' or 'ai.onnx').
import { CONV } from './conv.js';
import { ELEMENTWISE } from './elementwise.js';
import { LINEAR } from './linear.js';
import { NORMALIZATION } from './normalization.js';
import type { Operator } from './operator.js';
import { RECURRENT } from './recurrent.js';
import { REDUCE } from './reduce.js';
import { SHAPE } from './shape.js';

export const OPERATORS: ReadonlyMap<string, Operator> = new Map(Object.entries({
  ...ELEMENTWISE, ...SHAPE, ...LINEAR, ...REDUCE, ...NORMALIZATION, ...CONV, ...RECURRENT,
}));

/** The operator of a node, or undefined (another domain, or one wick does not run). */
export function operatorFor(domain: string, opType: string): Operator | undefined {
  return domain === '' || domain === 'ai.onnx' ? OPERATORS.get(opType) : undefined;
}
