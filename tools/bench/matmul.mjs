// Matrix products: float32 square matmuls, the size of a small model's layer and a larger one.
import { load } from './lib.mjs';

export const title = 'matmul';
/** Packages (folders under packages/) that run.mjs must build before this file runs. */
export const packages = ['tensor'];

export async function cases() {
  const torch = await load('tensor');
  return [256, 1024].map((n) => {
    const a = torch.randn([n, n]);
    const b = torch.randn([n, n]);
    return {
      name: `matmul f32 ${n}x${n} @ ${n}x${n}`,
      wick: () => torch.matmul(a, b),
      torch: { setup: `a = torch.randn(${n}, ${n}); b = torch.randn(${n}, ${n})`, stmt: 'torch.matmul(a, b)' },
      options: n >= 1024 ? { warmup: 1, minRuns: 5, budgetMs: 4000 } : { warmup: 5, minRuns: 11, budgetMs: 2000 },
    };
  });
}
