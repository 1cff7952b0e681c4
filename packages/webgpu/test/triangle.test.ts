import * as torch from '@wick/tensor';
import { loadFixture } from '@wick/testing';
import { beforeAll, describe } from 'vitest';
import { useWebGpu } from './gpu.js';
import { runOnDevice } from './device-cases.js';

// tril/triu and repeat_interleave have no kernels of their own: they are masked_fill under arange
// masks, and expand/reshape or index_select, made on the input's device. PyTorch's fixtures on
// the device show that those pieces compose to PyTorch's values there.

beforeAll(useWebGpu);

/** Cases whose repeats tensor would have to be read on the device (refused: no output_size). */
const readsDeviceRepeats = Object.fromEntries(
  loadFixture('tensor/tril_repeat.msgpack').cases
    .filter((c) => /^repeat_interleave\/(tensor|counts|method\/tensor)/.test(c.name) && !c.name.endsWith('output_size'))
    .map((c) => [c.name, 'a device tensor of repeats needs output_size (tested in @wick/tensor)']),
);

describe("PyTorch's tril/triu/repeat_interleave fixtures on the device", () => {
  runOnDevice('tensor/tril_repeat.msgpack', torch, {
    only: ['tril', 'triu', 'tril_', 'triu_', 'repeat_interleave'],
    skip: readsDeviceRepeats,
  });
});
