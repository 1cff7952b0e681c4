// Initialisation after manual_seed: a GRU(256, 256)'s default init (uniform_ draws), trunc_normal_
// of a 512x512 weight (normal draws with redraws), and orthogonal_ of a 256x256 and of a 768x256
// weight (a normal sample, then its QR: JavaScript's unblocked Householder against MKL's).
import { load } from './lib.mjs';

export const title = 'init';
export const packages = ['tensor', 'autograd', 'nn'];

export async function cases() {
  const torch = await load('tensor');
  const nn = await load('nn');
  const options = { warmup: 1, minRuns: 3, budgetMs: 2000 };
  const init = (name, wick, pyStmt, setup = '') => ({
    name,
    wick: () => {
      torch.manual_seed(0);
      wick();
    },
    torch: { setup: `torch.manual_seed(0)${setup ? `\n${setup}` : ''}`, stmt: `(torch.manual_seed(0), ${pyStmt})` },
    options,
  });
  const square = torch.empty([512, 512]);
  const hh = torch.empty([256, 256]);
  const tall = torch.empty([768, 256]);
  return [
    init('GRU(256, 256) default init', () => new nn.GRU(256, 256), 'torch.nn.GRU(256, 256)'),
    init('trunc_normal_ 512x512', () => nn.init.trunc_normal_(square), 'torch.nn.init.trunc_normal_(w)', 'w = torch.empty(512, 512)'),
    init('orthogonal_ 256x256', () => nn.init.orthogonal_(hh), 'torch.nn.init.orthogonal_(w)', 'w = torch.empty(256, 256)'),
    init('orthogonal_ 768x256', () => nn.init.orthogonal_(tall), 'torch.nn.init.orthogonal_(w)', 'w = torch.empty(768, 256)'),
  ];
}
