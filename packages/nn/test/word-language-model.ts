// pytorch/examples' word_language_model (model.py's RNNModel, main.py's train()) ported as a user
// would port it: the same constructor calls (nn.LSTM(ninp, nhid, nlayers, { dropout })), calling
// the modules, nn.utils.clip_grad_norm_ and the manual SGD step. The fixture case
// (tools/fixtures/nn_cases/calls.py) holds what PyTorch computed for the same program and seed.
import { install, no_grad } from '@wick/autograd';
import { type Tensor, manual_seed, zeros } from '@wick/tensor';
import * as nn from '../src/index.js';

const F = nn.functional;

type Hidden = Tensor | [Tensor, Tensor];

export class RNNModel extends nn.Module {
  readonly ntoken: number;
  readonly rnn_type: string;
  readonly nhid: number;
  readonly nlayers: number;
  declare drop: nn.Dropout;
  declare encoder: nn.Embedding;
  declare rnn: nn.LSTM | nn.GRU | nn.RNN;
  declare decoder: nn.Linear;

  constructor(rnn_type: string, ntoken: number, ninp: number, nhid: number, nlayers: number, dropout = 0.5) {
    super();
    this.ntoken = ntoken;
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    if (rnn_type === 'LSTM') this.rnn = new nn.LSTM(ninp, nhid, nlayers, { dropout });
    else if (rnn_type === 'GRU') this.rnn = new nn.GRU(ninp, nhid, nlayers, { dropout });
    else this.rnn = new nn.RNN(ninp, nhid, nlayers, { nonlinearity: rnn_type === 'RNN_RELU' ? 'relu' : 'tanh', dropout });
    this.decoder = new nn.Linear(nhid, ntoken);
    this.init_weights();
    this.rnn_type = rnn_type;
    this.nhid = nhid;
    this.nlayers = nlayers;
  }

  init_weights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(this.decoder.bias!);
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  override forward(input: Tensor, hidden: Hidden): [Tensor, Hidden] {
    const emb = this.drop(this.encoder(input));
    const [output, next] = this.rnn instanceof nn.LSTM
      ? this.rnn(emb, hidden as [Tensor, Tensor])
      : this.rnn(emb, hidden as Tensor);
    const decoded = this.decoder(this.drop(output)).view(-1, this.ntoken);
    return [F.log_softmax(decoded, { dim: 1 }), next];
  }

  init_hidden(bsz: number): Hidden {
    const weight = this.parameters()[0]!;
    const z = () => zeros([this.nlayers, bsz, this.nhid], { dtype: weight.dtype });
    return this.rnn_type === 'LSTM' ? [z(), z()] : z();
  }
}

export interface WordLmSizes {
  ntokens: number;
  ninp: number;
  nhid: number;
  nlayers: number;
  dropout: number;
  bptt: number;
  batch: number;
  lr: number;
  clip: number;
}

/** main.py's train() over `data` after manual_seed(1111): each batch's loss, then eval-mode log-probs of the first batch. */
export function trainWordLm(rnnType: string, s: WordLmSizes, data: Tensor): { losses: number[]; out: Tensor } {
  install();
  manual_seed(1111);
  const model = new RNNModel(rnnType, s.ntokens, s.ninp, s.nhid, s.nlayers, s.dropout);
  const criterion = new nn.NLLLoss();
  model.train();
  let hidden = model.init_hidden(s.batch);
  const losses: number[] = [];
  for (let i = 0; i < data.shape[0]! - 1; i += s.bptt) {
    const seqLen = Math.min(s.bptt, data.shape[0]! - 1 - i);
    const source = data.narrow(0, i, seqLen);
    const targets = data.narrow(0, i + 1, seqLen).reshape(-1);
    hidden = Array.isArray(hidden) ? [hidden[0].detach(), hidden[1].detach()] : hidden.detach();
    model.zero_grad();
    const [output, next] = model(source, hidden);
    hidden = next;
    const loss = criterion(output, targets);
    loss.backward();
    nn.utils.clip_grad_norm_(model.parameters(), s.clip);
    no_grad(() => {
      for (const p of model.parameters()) p.add_(p.grad!, { alpha: -s.lr });
    });
    losses.push(Number(loss.item()));
  }
  model.eval();
  const [out] = no_grad(() => model(data.narrow(0, 0, s.bptt), model.init_hidden(s.batch)));
  return { losses, out };
}
