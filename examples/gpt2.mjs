// Recipe: run a GPT-2 checkpoint that transformers saved, from wick modules.
//
// fixtures/models/gpt2/ was written by transformers (tools/fixtures/models_cases/gpt2.py) with
//   GPT2LMHeadModel(GPT2Config(vocab_size=100, n_positions=64, n_embd=32, n_layer=2, n_head=2))
//   .save_pretrained("gpt2")                      # config.json + model.safetensors
// from a tiny random config (nothing downloaded). Here the same module tree is written with
// torch.nn, the safetensors file fills it, and the model gives PyTorch's logits and greedy tokens.
//
//   pnpm build && node examples/gpt2.mjs
import { readFileSync } from 'node:fs';
import { decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

const { nn } = torch;
const F = nn.functional;
const FOLDER = new URL('../fixtures/models/gpt2/', import.meta.url);

// torch.finfo(torch.float32).min: transformers masks attention scores with it rather than -inf, so
// that a row with every position masked still gives numbers.
const FLOAT32_MIN = -3.4028234663852886e38;

/** softmax(q kᵀ / √d + mask) v over [batch, heads, seq, head_dim]; mask is added to the scores. */
function attention(q, k, v, mask) {
  const scores = torch.matmul(q, k.transpose(-1, -2)).div(Math.sqrt(q.shape.at(-1)));
  return torch.matmul(F.softmax(scores.add(mask), -1), v);
}

// The attribute names are transformers' (modeling_gpt2.py), so the state_dict keys line up:
// transformer.h.0.attn.c_attn.weight, transformer.h.0.mlp.c_fc.bias, transformer.ln_f.weight, ...
// NOTE: GPT-2's c_attn/c_proj/c_fc are transformers' Conv1D, whose weight is [in, out]; an
// nn.Linear holds [out, in], so those weights are transposed when loading (see loadGpt2).
class GPT2Attention extends nn.Module {
  constructor(config) {
    super();
    this.n_head = config.n_head;
    this.c_attn = new nn.Linear(config.n_embd, 3 * config.n_embd);
    this.c_proj = new nn.Linear(config.n_embd, config.n_embd);
    this.attn_dropout = new nn.Dropout(config.attn_pdrop);
    this.resid_dropout = new nn.Dropout(config.resid_pdrop);
  }

  forward(x, mask) {
    const [batch, seq, embd] = x.shape;
    // [batch, seq, embd] -> [batch, heads, seq, head_dim]
    const heads = (t) => t.view(batch, seq, this.n_head, embd / this.n_head).transpose(1, 2);
    const [q, k, v] = this.c_attn(x).split(embd, 2).map(heads);
    const out = attention(q, k, v, mask).transpose(1, 2).reshape(batch, seq, embd);
    return this.resid_dropout(this.c_proj(out));
  }
}

class GPT2MLP extends nn.Module {
  constructor(config) {
    super();
    const inner = config.n_inner ?? 4 * config.n_embd;
    this.c_fc = new nn.Linear(config.n_embd, inner);
    this.c_proj = new nn.Linear(inner, config.n_embd);
    this.act = new nn.GELU('tanh'); // transformers' "gelu_new" is GELU's tanh approximation
    this.dropout = new nn.Dropout(config.resid_pdrop);
  }

  forward(x) {
    return this.dropout(this.c_proj(this.act(this.c_fc(x))));
  }
}

class GPT2Block extends nn.Module {
  constructor(config) {
    super();
    this.ln_1 = new nn.LayerNorm(config.n_embd, { eps: config.layer_norm_epsilon });
    this.attn = new GPT2Attention(config);
    this.ln_2 = new nn.LayerNorm(config.n_embd, { eps: config.layer_norm_epsilon });
    this.mlp = new GPT2MLP(config);
  }

  forward(x, mask) {
    const h = x.add(this.attn(this.ln_1(x), mask));
    return h.add(this.mlp(this.ln_2(h)));
  }
}

class GPT2Model extends nn.Module {
  constructor(config) {
    super();
    this.wte = new nn.Embedding(config.vocab_size, config.n_embd);
    this.wpe = new nn.Embedding(config.n_positions, config.n_embd);
    this.drop = new nn.Dropout(config.embd_pdrop);
    this.h = new nn.ModuleList(Array.from({ length: config.n_layer }, () => new GPT2Block(config)));
    this.ln_f = new nn.LayerNorm(config.n_embd, { eps: config.layer_norm_epsilon });
  }

  forward(ids) {
    const seq = ids.shape[1];
    // Causal: position i sees positions 0..i. The mask is 0 there and FLOAT32_MIN above the diagonal.
    const allowed = torch.tril(torch.ones([seq, seq], { dtype: torch.bool }));
    const mask = torch.zeros([seq, seq]).masked_fill(allowed.logical_not(), FLOAT32_MIN);
    let x = this.drop(this.wte(ids).add(this.wpe(torch.arange(seq))));
    for (const block of this.h) x = block(x, mask);
    return this.ln_f(x);
  }
}

class GPT2LMHeadModel extends nn.Module {
  constructor(config) {
    super();
    this.transformer = new GPT2Model(config);
  }

  // transformers ties lm_head.weight to transformer.wte.weight (tie_word_embeddings) and saves it
  // once, as wte: the output projection reads the embedding matrix itself.
  forward(ids) {
    return F.linear(this.transformer(ids), this.transformer.wte.weight);
  }
}

const CONV1D = /\.(c_attn|c_proj|c_fc)\.weight$/;

/** Reads config.json and model.safetensors into a GPT2LMHeadModel in eval mode. */
function loadGpt2(folder = FOLDER) {
  const config = JSON.parse(readFileSync(new URL('config.json', folder), 'utf8'));
  const tensors = torch.safetensors.load(new URL('model.safetensors', folder).pathname);
  const stateDict = new Map([...tensors].map(([key, t]) => [key, CONV1D.test(key) ? t.t() : t]));
  const model = new GPT2LMHeadModel(config);
  model.load_state_dict(stateDict); // strict: a missing or unexpected key throws
  model.eval();
  return { model, config };
}

/** `steps` tokens after `ids` ([1, seq] int64), each the argmax of the last position's logits. */
function greedy(model, ids, steps) {
  const tokens = [];
  for (let i = 0; i < steps; i++) {
    const next = model(ids).select(1, -1).argmax(-1); // [1]
    tokens.push(next.item());
    ids = torch.cat([ids, next.view(1, 1)], 1);
  }
  return tokens;
}

export function main({ log = console.log } = {}) {
  const { model, config } = loadGpt2();
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
