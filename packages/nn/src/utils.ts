// nn.utils: the rnn helpers (nn.utils.rnn.*).
import * as rnn from './rnn/packed.js';

export { rnn };
