// Recipe: check your own JS model against PyTorch with the fixture tools.
//
// 1. Record, once, what PyTorch computes: the weights, the inputs and the outputs, in the fixture
//    format of tools/fixtures/README.md (msgpack; a tensor is {dtype, shape, data} with data the
//    little-endian bytes in logical order). For example, with `pip install torch msgpack`:
//
//      import msgpack, torch
//
//      def enc(t):
//          t = t.detach().contiguous()
//          return {"dtype": str(t.dtype).removeprefix("torch."), "shape": list(t.shape),
//                  "data": t.numpy().tobytes()}
//
//      torch.manual_seed(0)
//      gru = torch.nn.GRU(5, 6, num_layers=2, batch_first=True).eval()
//      x = torch.randn(3, 4, 5)
//      with torch.no_grad():
//          out, h = gru(x)
//      case = {"name": "my_gru", "module": "GRU", "args": [5, 6],
//              "kwargs": {"num_layers": 2, "batch_first": True}, "dtype": "float32",
//              "training": False,
//              "state_dict": [[k, enc(v)] for k, v in gru.state_dict().items()],
//              "inputs": [enc(x)], "out": [enc(out), enc(h)],
//              # an element passes within 4 ULP or 1e-6 absolute: rounding differs between any two
//              # implementations, so choose a bound from PyTorch's own float32-vs-float64 deviation
//              "tol": {"ulp": 4, "atol": 1e-6}}
//      with open("my_gru.msgpack", "wb") as f:
//          f.write(msgpack.packb({"meta": {"torch": torch.__version__}, "cases": [case]}))
//
// 2. In JS, decode the recording, build the model, load PyTorch's weights, run it on PyTorch's
//    inputs and compare with @wick/testing's compareValue, which reports the worst error in units
//    in the last place (ULP) of the output dtype.
//
//   pnpm build && node examples/check-against-pytorch.mjs [my_gru.msgpack]
//
// Without a file it checks GRU cases of the repository's own recording, fixtures/nn/rnn.msgpack
// (written by tools/fixtures/nn_cases/rnn.py in the same case format), so it runs without Python.
import { readFileSync } from 'node:fs';
import { decode } from '@msgpack/msgpack';
import { compareValue, decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

const REPOSITORY_CASES = ['gru/f32/l1', 'gru/f32/l2_bi_bf', 'gru/f64/l2_bi'];

export function main({ file, names, log = console.log } = {}) {
  // useBigInt64: int64 values stay exact; decodeValue turns the small ones back into numbers.
  const fixture = file ? decode(readFileSync(file), { useBigInt64: true }) : loadFixture('nn/rnn.msgpack');
  const wanted = names ?? (file ? null : REPOSITORY_CASES);
  const cases = fixture.cases.filter((c) => c.module && c.out && (wanted === null || wanted.includes(c.name)));
  log(`${cases.length} cases recorded by PyTorch ${fixture.meta.torch}`);

  const results = [];
  for (const [i, c] of cases.entries()) {
    // Your model goes here; this one is built from the arguments the recording holds, the
    // positional ones and then the named ones: new torch.nn.GRU(5, 6, { num_layers: 2, batch_first: true }).
    const args = decodeValue(c.args).value;
    const model = new torch.nn[c.module](...args, decodeValue(c.kwargs ?? {}).value).to(c.dtype);
    model.load_state_dict(new Map(c.state_dict.map(([key, t]) => [key, decodeValue(t).value])));
    model.train(Boolean(c.training));

    const inputs = c.inputs.map((v) => decodeValue(v).value);
    const out = torch.no_grad(() => model(...inputs)); // [output, h_n] for a GRU
    const agreement = compareValue(out, c.out, c.tol ?? {});
    results.push({ name: c.name, ...agreement });
    const verdict = agreement.ok ? 'agrees' : `DISAGREES: ${agreement.problem}`;
    log(`[${i + 1}/${cases.length}] ${c.name}: worst ${agreement.worstUlp} ULP, ${agreement.worstAbs.toExponential(2)} abs; ${verdict}`);
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = main({ file: process.argv[2] });
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}
