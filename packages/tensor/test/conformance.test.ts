// Every op against PyTorch: one test per recorded case in fixtures/tensor/*.msgpack.
import { runFixture } from '@wick/testing';
import { describe } from 'vitest';
import * as torch from '../src/index.js';

const ns = {
  ...torch,
  nn: { functional: { pad: torch.pad, embedding: torch.embedding, linear: torch.linear } },
};
const extra = { repr: (t: unknown) => String(t) };

const families = ['creation', 'unary', 'binary', 'promotion', 'reduce', 'matmul', 'index', 'shape', 'repr', 'errors', 'elementwise_args', 'factory_args'];

for (const family of families) {
  describe(family, () => runFixture(`tensor/${family}.msgpack`, ns, { extra }));
}
