// Recipe: run a BERT checkpoint that transformers saved, from wick modules, on a padded batch.
//
// fixtures/models/bert/ was written by transformers (tools/fixtures/models_cases/bert.py) with
//   BertModel(BertConfig(vocab_size=100, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
//                        intermediate_size=64, max_position_embeddings=64)).save_pretrained("bert")
// from a tiny random config (nothing downloaded). Two sequences of different lengths share a batch:
// the shorter one is padded, and attention_mask keeps the padding out of every attention.
//
//   pnpm build && node examples/bert.mjs
import { readFileSync } from 'node:fs';
import { decodeValue, loadFixture } from '@wick/testing';
import * as torch from '@wick/torch';

const { nn } = torch;
const F = nn.functional;
const FOLDER = new URL('../fixtures/models/bert/', import.meta.url);

// torch.finfo(torch.float32).min, which transformers adds to the scores of padded positions.
const FLOAT32_MIN = -3.4028234663852886e38;

/** softmax(q kᵀ / √d + mask) v over [batch, heads, seq, head_dim]; mask is added to the scores. */
function attention(q, k, v, mask, dropout) {
  const scores = torch.matmul(q, k.transpose(-1, -2)).div(Math.sqrt(q.shape.at(-1)));
  return torch.matmul(dropout(F.softmax(scores.add(mask), -1)), v);
}

// The attribute names are transformers' (modeling_bert.py), so the state_dict keys line up:
// embeddings.word_embeddings.weight, encoder.layer.0.attention.self.query.weight,
// encoder.layer.0.attention.output.LayerNorm.bias, pooler.dense.weight, ...
class BertEmbeddings extends nn.Module {
  constructor(config) {
    super();
    this.word_embeddings = new nn.Embedding(config.vocab_size, config.hidden_size, { padding_idx: config.pad_token_id });
    this.position_embeddings = new nn.Embedding(config.max_position_embeddings, config.hidden_size);
    this.token_type_embeddings = new nn.Embedding(config.type_vocab_size, config.hidden_size);
    this.LayerNorm = new nn.LayerNorm(config.hidden_size, { eps: config.layer_norm_eps });
    this.dropout = new nn.Dropout(config.hidden_dropout_prob);
  }

  forward(ids, tokenTypes) {
    const positions = torch.arange(ids.shape[1]);
    const x = this.word_embeddings(ids).add(this.token_type_embeddings(tokenTypes)).add(this.position_embeddings(positions));
    return this.dropout(this.LayerNorm(x));
  }
}

class BertSelfAttention extends nn.Module {
  constructor(config) {
    super();
    this.num_attention_heads = config.num_attention_heads;
    this.query = new nn.Linear(config.hidden_size, config.hidden_size);
    this.key = new nn.Linear(config.hidden_size, config.hidden_size);
    this.value = new nn.Linear(config.hidden_size, config.hidden_size);
    this.dropout = new nn.Dropout(config.attention_probs_dropout_prob);
  }

  forward(x, mask) {
    const [batch, seq, hidden] = x.shape;
    // [batch, seq, hidden] -> [batch, heads, seq, head_dim]
    const heads = (t) => t.view(batch, seq, this.num_attention_heads, hidden / this.num_attention_heads).transpose(1, 2);
    const out = attention(heads(this.query(x)), heads(this.key(x)), heads(this.value(x)), mask, this.dropout);
    return out.transpose(1, 2).reshape(batch, seq, hidden);
  }
}

/** dense, dropout, then LayerNorm over the residual sum: BertSelfOutput and BertOutput alike. */
class BertResidualOutput extends nn.Module {
  constructor(config, inFeatures) {
    super();
    this.dense = new nn.Linear(inFeatures, config.hidden_size);
    this.LayerNorm = new nn.LayerNorm(config.hidden_size, { eps: config.layer_norm_eps });
    this.dropout = new nn.Dropout(config.hidden_dropout_prob);
  }

  forward(x, residual) {
    return this.LayerNorm(this.dropout(this.dense(x)).add(residual));
  }
}

class BertAttention extends nn.Module {
  constructor(config) {
    super();
    this.self = new BertSelfAttention(config);
    this.output = new BertResidualOutput(config, config.hidden_size);
  }

  forward(x, mask) {
    return this.output(this.self(x, mask), x);
  }
}

class BertIntermediate extends nn.Module {
  constructor(config) {
    super();
    this.dense = new nn.Linear(config.hidden_size, config.intermediate_size);
    this.intermediate_act_fn = new nn.GELU(); // transformers' "gelu" is the exact (erf) GELU
  }

  forward(x) {
    return this.intermediate_act_fn(this.dense(x));
  }
}

class BertLayer extends nn.Module {
  constructor(config) {
    super();
    this.attention = new BertAttention(config);
    this.intermediate = new BertIntermediate(config);
    this.output = new BertResidualOutput(config, config.intermediate_size);
  }

  forward(x, mask) {
    const h = this.attention(x, mask);
    return this.output(this.intermediate(h), h);
  }
}

class BertEncoder extends nn.Module {
  constructor(config) {
    super();
    this.layer = new nn.ModuleList(Array.from({ length: config.num_hidden_layers }, () => new BertLayer(config)));
  }

  forward(x, mask) {
    for (const layer of this.layer) x = layer(x, mask);
    return x;
  }
}

/** The first token's final state, through dense and tanh: BERT's sentence summary. */
class BertPooler extends nn.Module {
  constructor(config) {
    super();
    this.dense = new nn.Linear(config.hidden_size, config.hidden_size);
    this.activation = new nn.Tanh();
  }

  forward(x) {
    return this.activation(this.dense(x.select(1, 0)));
  }
}

class BertModel extends nn.Module {
  constructor(config) {
    super();
    this.embeddings = new BertEmbeddings(config);
    this.encoder = new BertEncoder(config);
    this.pooler = new BertPooler(config);
  }

  /** ids, attentionMask, tokenTypes: [batch, seq] int64. Returns [last_hidden_state, pooler_output]. */
  forward(ids, attentionMask, tokenTypes) {
    const [batch, seq] = ids.shape;
    // (1 - mask) * finfo.min as [batch, 1, 1, seq]: 0 where a key is a token, finfo.min on padding,
    // the same for every head and every query.
    const mask = attentionMask.view(batch, 1, 1, seq).to(torch.float32).neg().add(1).mul(FLOAT32_MIN);
    const hidden = this.encoder(this.embeddings(ids, tokenTypes), mask);
    return [hidden, this.pooler(hidden)];
  }
}

/** Reads config.json and model.safetensors into a BertModel in eval mode. */
function loadBert(folder = FOLDER) {
  const config = JSON.parse(readFileSync(new URL('config.json', folder), 'utf8'));
  const model = new BertModel(config);
  model.load_state_dict(torch.safetensors.load(new URL('model.safetensors', folder).pathname)); // strict
  model.eval();
  return { model, config };
}

export function main({ log = console.log } = {}) {
  const { model, config } = loadBert();
  log(`BERT: ${config.num_hidden_layers} layers, ${config.num_attention_heads} heads, ${config.hidden_size} wide`);
  const expected = loadFixture('models/bert/outputs.msgpack');
  const [ids, attentionMask, tokenTypes] = ['input_ids', 'attention_mask', 'token_type_ids'].map((k) => decodeValue(expected[k]).value);
  log(`tokens per sequence: ${attentionMask.sum(1).tolist().join(', ')} (padded to ${ids.shape[1]})`);
  return torch.no_grad(() => {
    const [hidden, pooled] = model(ids, attentionMask, tokenTypes);
    const worst = {};
    for (const [name, actual] of [['last_hidden_state', hidden], ['pooler_output', pooled]]) {
      worst[name] = actual.sub(decodeValue(expected[name]).value).abs().max().item();
      log(`${name} [${actual.shape.join(', ')}]: worst error vs PyTorch ${worst[name].toExponential(2)} (bound ${expected.tol.toExponential(2)})`);
    }
    return { hidden, pooled, worst };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) main();
