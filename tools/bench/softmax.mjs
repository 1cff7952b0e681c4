// softmax over the last dimension of a float32 [512, 1024] tensor: the shape of attention
// scores or of a batch of logits over a mid-sized vocabulary. Memory-bound (an exp, a max and a
// sum per element), so it measures the elementwise and reduction paths rather than a GEMM.
import { load } from './lib.mjs';

export const title = 'softmax';
export const packages = ['tensor'];

export async function cases() {
  const torch = await load('tensor');
  const x = torch.randn([512, 1024]);
  return [{
    name: 'softmax f32 [512, 1024] dim -1',
    wick: () => torch.softmax(x, -1),
    torch: { setup: 'x = torch.randn(512, 1024)', stmt: 'torch.softmax(x, -1)' },
    options: { warmup: 3, minRuns: 11, budgetMs: 2000 },
  }];
}
