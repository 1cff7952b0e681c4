// Recipe: run a GPT-2 checkpoint that transformers saved, from wick modules.
//
// fixtures/models/gpt2/ was written by transformers (tools/fixtures/models_cases/gpt2.py) with
//   GPT2LMHeadModel(GPT2Config(vocab_size=100, n_positions=64, n_embd=32, n_layer=2, n_head=2))
//   .save_pretrained("gpt2")                      # config.json + model.safetensors
// from a tiny random config (nothing downloaded). Here the same module tree is written with
// torch.nn (examples/gpt2-model.mjs), the safetensors file fills it, and the model gives PyTorch's
// logits and greedy tokens.
//
//   pnpm build && node examples/gpt2.mjs
import { readFileSync } from 'node:fs';
import { decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';
import { greedy, loadGpt2 } from './gpt2-model.mjs';

const FOLDER = new URL('../fixtures/models/gpt2/', import.meta.url);

export function main({ log = console.log } = {}) {
  const config = JSON.parse(readFileSync(new URL('config.json', FOLDER), 'utf8'));
  const model = loadGpt2(config, readFileSync(new URL('model.safetensors', FOLDER)));
  log(`GPT-2: ${config.n_layer} layers, ${config.n_head} heads, ${config.n_embd} wide, vocabulary ${config.vocab_size}`);
  const expected = loadFixture('models/gpt2/outputs.msgpack');
  const ids = decodeValue(expected.input_ids).value;
  return torch.no_grad(() => {
    const logits = model(ids);
    const worst = logits.sub(decodeValue(expected.logits).value).abs().max().item();
    log(`logits [${logits.shape.join(', ')}]: worst error vs PyTorch ${worst.toExponential(2)} (bound ${expected.tol.toExponential(2)})`);
    const tokens = greedy(model, ids, expected.generated.length);
    log(`greedy tokens ${tokens.join(' ')}`);
    log(`PyTorch's     ${expected.generated.join(' ')}`);
    return { logits, tokens, worst };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) main();
