// Step 2 of run.sh: wick reads every file Python wrote and writes it again as wick_<name>.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@wick/tensor';
import { load, safetensors, save } from '../../packages/serialize/src/index.js';

const dir = process.argv[2]!;
for (const name of readdirSync(dir).sort()) {
  const bytes = readFileSync(join(dir, name));
  if (name.endsWith('.pt')) {
    writeFileSync(join(dir, `wick_${name}`), save(load(bytes)));
  } else if (name.endsWith('.safetensors')) {
    const f = safetensors.safe_open(bytes);
    const tensors = new Map<string, Tensor>(f.keys().map((k) => [k, f.get_tensor(k)]));
    writeFileSync(join(dir, `wick_${name}`), safetensors.save(tensors, f.metadata()));
  } else {
    continue;
  }
  console.log(`wick: read ${name}, wrote wick_${name}`);
}
