// Every op fixture (fixtures/tensor/*.msgpack, as packages/tensor/test runs them on the CPU) on the
// device under test: inputs moved there, results read back and compared with PyTorch's.
import * as torch from '@wick/tensor';
import { runFixture } from '@wick/testing';
import { describe } from 'vitest';
import { batchSizesOnCpu, createOnDevice, suiteDevice } from './device.js';
import { knownFailures, notOnADevice } from './known-failures.js';

const device = await suiteDevice();

/** F.embedding as @wick/nn defines it (the same helper as packages/tensor/test/conformance.test.ts). */
function functionalEmbedding(input: torch.Tensor, weight: torch.Tensor, padding_idx: number | null = null): torch.Tensor {
  const pad = padding_idx === null ? -1 : padding_idx < 0 ? padding_idx + weight.size(0) : padding_idx;
  return torch.embedding(weight, input, pad);
}

const ns = {
  ...torch,
  nn: { functional: { pad: torch.functionalPad, embedding: functionalEmbedding, linear: torch.linear } },
};
const extra = { repr: (t: unknown) => String(t) };

// The skips of packages/tensor/test/sort.test.ts, for the same reason on every device.
const outListed = "PyTorch's list of overloads shows the out= parameter, which wick leaves out of every signature";
const cpuSkips: Record<string, Record<string, string>> = {
  'tensor/sort.msgpack': {
    'sort/bad/dim_twice': outListed,
    'sort/bad/str_dim': outListed,
    'sort/bad/no_input': outListed,
    'sort/bad/stable_int': outListed,
  },
};

// The families of packages/tensor/test/conformance.test.ts, then the other files its tests run
// through runFixture (sort.test.ts, rnn-errors.test.ts, wasm-kernels.test.ts).
const families = ['creation', 'unary', 'binary', 'promotion', 'reduce', 'matmul', 'index', 'shape', 'repr', 'errors', 'getitem', 'elementwise_args', 'factory_args', 'sort', 'rnn_errors', 'simd_math', 'einsum'];

for (const family of families) {
  describe(family, () => {
    const file = `tensor/${family}.msgpack`;
    runFixture(file, ns, { extra, device, skip: { ...cpuSkips[file], ...notOnADevice(file) }, knownFailures: knownFailures(file), onCpu: batchSizesOnCpu, createOnDevice });
  });
}
