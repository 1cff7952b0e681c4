// Recipe: load a PyTorch checkpoint and run it.
//
// fixtures/demo/char_gru.pt was written by PyTorch (tools/fixtures/demo_cases.py) with
//   torch.save(model.state_dict(), "char_gru.pt")
// for a character-level language model Embedding -> GRU (2 layers) -> Linear. Here torch.load
// reads it, torch.nn rebuilds the same module tree, load_state_dict fills it, and the model
// predicts the characters that follow a prompt.
//
//   pnpm build && node examples/load-and-run.mjs
import { readFileSync } from 'node:fs';
import { decode } from '@msgpack/msgpack';
import * as torch from '@wick/torch';

const DEMO = new URL('../fixtures/demo/', import.meta.url);

// The same attribute names as the Python class, so the state_dict keys (embed.weight,
// gru.weight_ih_l0, ..., head.bias) line up:
//
//   class CharGRU(nn.Module):
//       def __init__(self, vocab, embed, hidden, layers):
//           super().__init__()
//           self.embed = nn.Embedding(vocab, embed)
//           self.gru = nn.GRU(embed, hidden, layers, batch_first=True)
//           self.head = nn.Linear(hidden, vocab)
//       def forward(self, ids, h=None):
//           out, h = self.gru(self.embed(ids), h)
//           return self.head(out), h
class CharGRU extends torch.nn.Module {
  constructor(vocab, embed, hidden, layers) {
    super();
    this.embed = new torch.nn.Embedding(vocab, embed);
    this.gru = new torch.nn.GRU(embed, hidden, layers, { batch_first: true });
    this.head = new torch.nn.Linear(hidden, vocab);
  }

  // Modules are callable, as in PyTorch: this.gru(...) runs its hooks, then its forward.
  forward(ids, h) {
    const [out, hn] = this.gru(this.embed(ids), h);
    return [this.head(out), hn];
  }
}

export function main({ prompt = 'the lighthouse', steps = 40, log = console.log } = {}) {
  // torch.load gives a Map<string, Tensor> for a state_dict. Nothing in the file is executed: only
  // PyTorch's weights_only allowlist is understood.
  const stateDict = torch.load(new URL('char_gru.pt', DEMO).pathname);
  for (const [key, t] of stateDict) log(`  ${key.padEnd(18)} ${t.dtype} [${t.shape.join(', ')}]`);

  // The sizes come from the weights themselves; the vocabulary (the model's "tokenizer") was
  // recorded beside the checkpoint.
  const { vocab } = decode(readFileSync(new URL('samples.msgpack', DEMO)));
  const [vocabSize, embed] = stateDict.get('embed.weight').shape;
  const hidden = stateDict.get('gru.weight_hh_l0').shape[1];
  const layers = [...stateDict.keys()].filter((k) => k.startsWith('gru.weight_ih_l')).length;
  const model = new CharGRU(vocabSize, embed, hidden, layers);
  model.load_state_dict(stateDict); // strict, as in PyTorch: a missing or unexpected key throws
  model.eval();

  return torch.no_grad(() => {
    // logits, h = model(torch.tensor([[vocab.index(ch) for ch in prompt]]))
    const ids = torch.tensor([[...prompt].map((ch) => vocab.indexOf(ch))]);
    const [logits, hPrompt] = model(ids); // logits: [1, prompt length, vocab]
    log(`logits for "${prompt}": ${logits.dtype} [${logits.shape.join(', ')}]`);

    // Greedy continuation: feed the best character back in, one at a time, carrying h.
    let h = hPrompt;
    let last = logits.select(1, -1);
    let text = '';
    for (let i = 0; i < steps; i++) {
      const next = last.argmax(-1).item();
      text += vocab[next];
      [last, h] = model(torch.tensor([[next]]), h);
      last = last.select(1, -1);
      if ((i + 1) % 20 === 0 || i === steps - 1) log(`  generated ${i + 1}/${steps} characters`);
    }
    log(`${prompt}${text}`.replace(/\n/g, ' '));
    return { logits, text };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) main();
