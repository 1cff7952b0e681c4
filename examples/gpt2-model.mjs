// The GPT-2 model of examples/gpt2.mjs, written with torch.nn, and its loader from transformers'
// files: nothing here needs Node, so the browser test (packages/packaging-test/browser) runs the
// same code in Chromium on the same files.
import * as torch from '@wick/torch';

const { nn } = torch;
const F = nn.functional;

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

  forward(x) {
    const [batch, seq, embd] = x.shape;
    // [batch, seq, embd] -> [batch, heads, seq, head_dim]
    const heads = (t) => t.view(batch, seq, this.n_head, embd / this.n_head).transpose(1, 2);
    const [q, k, v] = this.c_attn(x).split(embd, 2).map(heads);
    // Causal self-attention: position i attends to positions 0..i.
    const out = F.scaled_dot_product_attention(q, k, v, { is_causal: true }).transpose(1, 2).reshape(batch, seq, embd);
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

  forward(x) {
    const h = x.add(this.attn(this.ln_1(x)));
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
    let x = this.drop(this.wte(ids).add(this.wpe(torch.arange(seq))));
    for (const block of this.h) x = block(x);
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

/** A GPT2LMHeadModel in eval mode from config.json's object and model.safetensors' bytes. */
export function loadGpt2(config, safetensorsBytes) {
  const tensors = torch.safetensors.load(safetensorsBytes);
  const stateDict = new Map([...tensors].map(([key, t]) => [key, CONV1D.test(key) ? t.t() : t]));
  const model = new GPT2LMHeadModel(config);
  model.load_state_dict(stateDict); // strict: a missing or unexpected key throws
  model.eval();
  return model;
}

/** `steps` tokens after `ids` ([1, seq] int64), each the argmax of the last position's logits. */
export function greedy(model, ids, steps) {
  const tokens = [];
  for (let i = 0; i < steps; i++) {
    const next = model(ids).select(1, -1).argmax(-1); // [1]
    tokens.push(next.item());
    ids = torch.cat([ids, next.view(1, 1)], 1);
  }
  return tokens;
}
