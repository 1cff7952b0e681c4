// Step 1 of run.sh: wick builds each model (a fixed seed), exports it to <name>.onnx (the default
// opset) and <name>.opset<N>.onnx (the lowest opset, and 17, where LayerNormalization starts), and saves
// its state_dict (<name>.safetensors) and, for each other shape, the inputs and wick's outputs
// (<name>.io.safetensors: in_<k>_<i>, out_<k>_<j>).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../../packages/torch/src/index.js';
import type { Tensor } from '../../packages/tensor/src/index.js';
import { safetensors } from '../../packages/serialize/src/index.js';
import { CASES, OTHERS, TRACED } from './models.js';

const dir = process.argv[2]!;
for (const c of CASES) {
  torch.manual_seed(c.seed);
  const model = c.build();
  model.eval();
  for (const opset of [null, 13, 17]) {
    torch.onnx.export(model, c.inputs(...TRACED), join(dir, opset === null ? `${c.name}.onnx` : `${c.name}.opset${opset}.onnx`), {
      input_names: c.input_names, output_names: c.output_names, dynamic_axes: c.dynamic_axes, opset_version: opset,
    });
  }
  writeFileSync(join(dir, `${c.name}.safetensors`), safetensors.save(model.state_dict()));
  const io = new Map<string, Tensor>();
  OTHERS.forEach(([b, t], k) => {
    const inputs = c.inputs(b, t);
    const outputs = torch.no_grad(() => (model.forward as (...a: Tensor[]) => Tensor | Tensor[])(...inputs));
    inputs.forEach((x, i) => io.set(`in_${k}_${i}`, x));
    (Array.isArray(outputs) ? outputs : [outputs]).forEach((y, j) => io.set(`out_${k}_${j}`, y.contiguous()));
  });
  writeFileSync(join(dir, `${c.name}.io.safetensors`), safetensors.save(io));
  console.log(`wick: exported ${c.name}.onnx`);
}
