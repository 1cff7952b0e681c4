// A character-level GRU language model trained from scratch in JavaScript with wick:
// Embedding -> GRU -> Linear, cross-entropy on the next character, Adam. Prints the loss as it
// falls and a sample of generated text.
//
//   pnpm build && node examples/char-gru.mjs [steps]     (150 steps unless given)
import * as torch from '@wick/torch';

const TEXT = `the quick brown fox jumps over the lazy dog. the dog sleeps in the sun and the fox runs
into the woods. a bird sings on the branch of the old oak tree while the wind moves the leaves.
the fox comes back at night and looks at the moon. the dog wakes up and barks at the fox. `;

export function main({ steps = 150, seqLen = 32, batch = 16, log = console.log } = {}) {
  torch.manual_seed(0);
  const vocab = [...new Set(TEXT)].sort();
  const index = new Map(vocab.map((ch, i) => [ch, i]));
  const ids = [...TEXT].map((ch) => index.get(ch));

  // Arguments as PyTorch takes them: positionally in its order, or by name in a trailing object.
  const embed = new torch.nn.Embedding(vocab.length, 16);
  const gru = new torch.nn.GRU(16, 64, { batch_first: true }); //  nn.GRU(16, 64, batch_first=True)
  const head = new torch.nn.Linear(64, vocab.length);
  const params = [...embed.parameters(), ...gru.parameters(), ...head.parameters()];
  const opt = new torch.optim.Adam(params, 0.01); //                 optim.Adam(params, 0.01)

  // Batches of (input, next-character target) windows at random offsets.
  const starts = torch.randint(0, ids.length - seqLen - 1, [steps, batch]).tolist();
  const losses = [];
  for (let step = 0; step < steps; step++) {
    const windows = starts[step].map((s) => ids.slice(s, s + seqLen + 1));
    const x = torch.tensor(windows.map((w) => w.slice(0, -1)));
    const y = torch.tensor(windows.map((w) => w.slice(1)));
    opt.zero_grad();
    const [out] = gru(embed(x)); // modules are callable, as in PyTorch
    const logits = head(out); // [batch, seq, vocab]
    // Cross-entropy: the mean negative log-probability of each next character.
    const loss = logits.log_softmax(-1).gather(-1, y.unsqueeze(-1)).neg().mean();
    loss.backward();
    opt.step();
    losses.push(loss.item());
    if (step % 25 === 0 || step === steps - 1) log(`step ${String(step).padStart(4)}  loss ${losses[step].toFixed(4)}`);
  }

  // Sample: feed one character at a time, carrying the hidden state.
  const sample = torch.no_grad(() => {
    let h;
    let ch = index.get('t');
    let text = 't';
    for (let i = 0; i < 120; i++) {
      const [out, hn] = gru(embed(torch.tensor([[ch]])), h);
      h = hn;
      // probs = F.softmax(logits[0, 0] / 0.8, dim=-1); ch = torch.multinomial(probs, 1).item()
      const probs = torch.nn.functional.softmax(head(out).__getitem__([0, 0]).div(0.8), { dim: -1 });
      ch = torch.multinomial(probs, 1).item();
      text += vocab[ch];
    }
    return text;
  });
  log(`sample: ${sample.replace(/\n/g, ' ')}`);
  return { losses, sample };
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv[2] ? { steps: Number(process.argv[2]) } : {});
