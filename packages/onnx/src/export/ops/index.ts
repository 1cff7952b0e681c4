// Every op the exporter maps, by its op table name, and the composite ops it maps whole.
import type { Attrs } from '@wick/tensor';
import type { Mapper } from '../context.js';
import { ELEMENTWISE } from './elementwise.js';
import { NN } from './nn.js';
import { rnn, rnnWhole } from './rnn.js';
import { SHAPE } from './shape.js';

export const MAPPERS: Readonly<Record<string, Mapper>> = {
  ...ELEMENTWISE,
  ...SHAPE,
  ...NN,
  gru: rnn,
  lstm: rnn,
  rnn_tanh: rnn,
  rnn_relu: rnn,
};

/** Composite ops recorded as one call when these attributes allow it. */
const WHOLE: Readonly<Record<string, (attrs: Attrs) => boolean>> = {
  gru: rnnWhole,
  lstm: rnnWhole,
  rnn_tanh: rnnWhole,
  rnn_relu: rnnWhole,
};

export function recordedWhole(op: string, attrs: Attrs): boolean {
  return WHOLE[op]?.(attrs) ?? false;
}
