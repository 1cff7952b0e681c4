// Recipe: ONNX both ways.
//
// 1. A model written in wick goes to ONNX: torch.onnx.export traces its forward and writes an
//    ONNX file whose batch and sequence axes are symbolic, with the GRU as ONNX's own GRU
//    operator. onnxruntime (Python, Node, the browser) runs it; tools/onnx-check does that in CI
//    against PyTorch. Here wick loads the file back and runs it at a size it was not traced at.
// 2. A model PyTorch exported comes back: fixtures/onnx/gru.dynamo.onnx is what
//      torch.onnx.export(model, (x, h0), "gru.onnx", dynamo=True, dynamic_shapes=...)
//    wrote for a 2-layer batch_first GRU with a Linear head (tools/fixtures/onnx_cases). wick
//    reads its initializers and runs its graph on PyTorch's recorded inputs.
//
//   pnpm build && node examples/onnx.mjs [out.onnx]
import { fileURLToPath } from 'node:url';
import { compareTensors, decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

const { nn } = torch;

/** A sequence tagger: a 2-layer batch_first GRU and a Linear head over every step. */
class Tagger extends nn.Module {
  constructor() {
    super();
    this.gru = new nn.GRU(8, 16, { num_layers: 2, batch_first: true });
    this.head = new nn.Linear(16, 5);
  }

  forward(x) {
    const [y] = this.gru(x);
    return this.head(y);
  }
}

/** The largest absolute difference between two tensors. */
const worstAbs = (a, b) => compareTensors(a, b, { atol: Infinity }).worstAbs;

export function main({ out = null, log = console.log } = {}) {
  // 1. wick to ONNX: traced at batch 2, sequence 10; batch and seq stay symbolic in the file.
  torch.manual_seed(0);
  const tagger = new Tagger().eval();
  const bytes = torch.onnx.export(tagger, [torch.randn(2, 10, 8)], out, {
    input_names: ['x'], output_names: ['tags'],
    dynamic_axes: { x: { 0: 'batch', 1: 'seq' }, tags: { 0: 'batch', 1: 'seq' } },
  });
  const exported = torch.onnx.load(bytes);
  log(`exported ${bytes.length} bytes: ${[...exported.operators].map(([op, n]) => `${op}×${n}`).join(' ')}`);
  log(`  input ${exported.inputs[0].name} [${exported.inputs[0].dims.join(', ')}], opset ${exported.opset_import.get('')}`);
  const x = torch.randn(3, 7, 8);
  const roundTrip = worstAbs(exported.forward(x), torch.no_grad(() => tagger(x)));
  log(`  run back in wick at [3, 7, 8]: worst |difference| from the module ${roundTrip.toExponential(2)}`);

  // 2. PyTorch's ONNX file in wick.
  const recorded = loadFixture('onnx/cases.msgpack').models.find((m) => m.file === 'gru.dynamo.onnx');
  const model = torch.onnx.load(fileURLToPath(new URL('../fixtures/onnx/gru.dynamo.onnx', import.meta.url)));
  log(`PyTorch's gru.dynamo.onnx: ${model.state_dict().size} initializers, inputs ${model.inputs.map((i) => i.name).join(', ')}`);
  let pytorchWorst = 0;
  const tensor = (encoded) => decodeValue(encoded).value;
  for (const c of recorded.cases) {
    const outputs = model.forward(...c.inputs.map(tensor));
    outputs.forEach((o, i) => (pytorchWorst = Math.max(pytorchWorst, worstAbs(o, tensor(c.outputs[i])))));
  }
  log(`  ${recorded.cases.length} recorded inputs: worst |error| against PyTorch ${pytorchWorst.toExponential(2)} (bound ${recorded.tol})`);
  return { bytes, roundTrip, pytorchWorst, bound: recorded.tol };
}

// With a path, the exported file is written there too: try it in onnxruntime,
//   python -c "import onnxruntime as ort, numpy as np; s = ort.InferenceSession('tagger.onnx');
//              print(s.run(None, {'x': np.random.randn(4, 9, 8).astype(np.float32)})[0].shape)"
if (process.argv[1] === fileURLToPath(import.meta.url)) main({ out: process.argv[2] ?? null });
