// Every op the exporter maps, by its op table name, and the composite ops it maps whole.
import type { Attrs } from '@wick/tensor';
import type { Mapper } from '../context.js';
import { convolution } from './conv.js';
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
  convolution,
};

/** Composite ops recorded as one call when these attributes allow it. */
const WHOLE: Readonly<Record<string, (attrs: Attrs) => boolean>> = {
  gru: rnnWhole,
  lstm: rnnWhole,
  rnn_tanh: rnnWhole,
  rnn_relu: rnnWhole,
  convolution: () => true,
};

export function recordedWhole(op: string, attrs: Attrs): boolean {
  return WHOLE[op]?.(attrs) ?? false;
}
