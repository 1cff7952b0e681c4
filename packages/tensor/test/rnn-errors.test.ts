// How torch.gru/lstm/rnn_tanh/rnn_relu and the cell functions refuse bad input and wrong calls, as
// PyTorch does: fixtures/tensor/rnn_errors.msgpack (tools/fixtures/tensor_cases/rnn_errors.py).
// Their numbers and gradients are in @wick/autograd's rnn.test.ts.
import * as torch from '../src/index.js';
import { runFixture } from '@wick/testing';
import { describe } from 'vitest';

describe('rnn errors', () => runFixture('tensor/rnn_errors.msgpack', torch));
