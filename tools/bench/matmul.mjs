// Matrix products: square matmuls, the size of a small model's layer (256) and a larger one
// (1024), in float32, and the larger one in float64. An n x n product does n^3 multiply-adds,
// 2*n^3 FLOPs, which run.mjs's GFLOP/s table divides by the time.
import { load } from './lib.mjs';

export const title = 'matmul';
/** Packages (folders under packages/) that run.mjs must build before this file runs. */
export const packages = ['tensor'];

export async function cases() {
  const torch = await load('tensor');
  const shapes = [
    { n: 256, dtype: 'float32' },
    { n: 1024, dtype: 'float32' },
    { n: 1024, dtype: 'float64' },
  ];
  return shapes.map(({ n, dtype }) => {
    const a = torch.randn([n, n], { dtype });
    const b = torch.randn([n, n], { dtype });
    const short = dtype === 'float32' ? 'f32' : 'f64';
    return {
      name: `matmul ${short} ${n}x${n} @ ${n}x${n}`,
      wick: () => torch.matmul(a, b),
      torch: { setup: `a = torch.randn(${n}, ${n}, dtype=torch.${dtype}); b = torch.randn(${n}, ${n}, dtype=torch.${dtype})`, stmt: 'torch.matmul(a, b)' },
      options: n >= 1024 ? { warmup: 1, minRuns: 5, budgetMs: 4000 } : { warmup: 5, minRuns: 11, budgetMs: 2000 },
      flops: 2 * n ** 3,
    };
  });
}
