// The demo's language model, rebuilt in wick from PyTorch's checkpoint (fixtures/demo/, written by
// tools/fixtures/demo_cases.py): Embedding -> GRU -> Linear over characters. Used by `pnpm demo`
// (tools/demo.mjs) and by packages/torch/test/demo.test.ts, so the test checks what the demo shows.
import { readFileSync } from 'node:fs';
import { decode } from '@msgpack/msgpack';
import { decodeValue } from '@wick/testing';
import * as torch from '@wick/torch';

const DIR = new URL('../../fixtures/demo/', import.meta.url);

/** The same module tree as demo_cases.py's CharGRU, so the state_dict keys line up. */
export class CharGRU extends torch.nn.Module {
  constructor(vocabSize, { embed, hidden, layers }) {
    super();
    this.embed = new torch.nn.Embedding(vocabSize, embed);
    this.gru = new torch.nn.GRU(embed, hidden, { num_layers: layers, batch_first: true });
    this.head = new torch.nn.Linear(hidden, vocabSize);
  }

  /** ids [batch, seq] -> (logits [batch, seq, vocab], hidden state) */
  forward(ids, h) {
    const [out, hn] = this.gru.forward(this.embed.forward(ids), h);
    return [this.head.forward(out), hn];
  }
}

/** PyTorch's recorded samples: {meta, config, vocab, cases: [{prompt, logits, continuation}], tol}. */
export function loadSamples() {
  const doc = decode(readFileSync(new URL('samples.msgpack', DIR)), { useBigInt64: true });
  return { ...doc, cases: doc.cases.map((c) => ({ ...c, logits: decodeValue(c.logits).value })) };
}

/** The model with PyTorch's trained weights, read with torch.load. */
export function loadModel(samples) {
  const stateDict = torch.load(new URL('char_gru.pt', DIR).pathname);
  const model = new CharGRU(samples.vocab.length, samples.config);
  model.load_state_dict(stateDict);
  model.eval();
  return model;
}

const encode = (vocab, text) => torch.tensor([[...text].map((ch) => vocab.indexOf(ch))]);

/** The full output for a prompt: [1, prompt length, vocab] logits. */
export function promptLogits(model, vocab, prompt) {
  return torch.no_grad(() => model.forward(encode(vocab, prompt))[0]);
}

/**
 * `n` characters chosen greedily (argmax) after the prompt, as demo_cases.py does: the prompt in
 * one call, then one character per call carrying the hidden state.
 */
export function greedy(model, vocab, prompt, n) {
  return torch.no_grad(() => {
    let [logits, h] = model.forward(encode(vocab, prompt));
    let text = '';
    for (let i = 0; i < n; i++) {
      const next = logits.select(1, -1).argmax(-1).item();
      text += vocab[next];
      [logits, h] = model.forward(torch.tensor([[next]]), h);
    }
    return text;
  });
}
