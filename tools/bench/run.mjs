// `pnpm bench`: builds the packages the benchmarks use, runs every tools/bench/*.mjs benchmark
// file (each exports `title`, `packages` and `async cases()`), times each case in wick and, in
// the same run on the same machine, in PyTorch, and prints one table with the ratio.
//
//   node tools/bench/run.mjs            all benchmark files
//   node tools/bench/run.mjs matmul     only files whose name contains "matmul"
//
// `pnpm bench` builds everything first; run directly, this script builds a package whose dist/
// is missing or older than its src/, so a benchmark never times stale code.
//
// A case is {name, wick: () => void, torch?: {setup, stmt}, options?: timeit options}. A file may
// also export `async report()`, returning text printed after the table.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { root, runTorch, timeit } from './lib.mjs';

const helpers = new Set(['run.mjs', 'lib.mjs']);
const args = process.argv.slice(2);
const filters = args;

const dir = join(root, 'tools', 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !helpers.has(f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
const benches = await Promise.all(files.map((f) => import(join(dir, f))));

/** Newest modification time of the files under dir (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

for (const p of new Set(benches.flatMap((b) => b.packages ?? []))) {
  const pkg = join(root, 'packages', p);
  if (newest(join(pkg, 'dist', 'index.js')) >= newest(join(pkg, 'src'))) continue;
  console.log(`building packages/${p} (dist/ is missing or stale) ...`);
  execFileSync('pnpm', ['--filter', `./packages/${p}`, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const rows = [];
for (const bench of benches) {
  const cases = await bench.cases();
  for (const c of cases) {
    const ms = timeit(c.wick, c.options);
    rows.push({ bench: bench.title, case: c, wick: ms });
    console.log(`  ${c.name}: wick ${ms.toFixed(2)} ms`);
  }
}

const torch = runTorch(rows.map((r) => r.case));
const fmt = (x) => (x === undefined ? '-' : x < 10 ? x.toFixed(3) : x.toFixed(1));
const table = rows.map((r) => {
  const t = torch.times?.[r.case.name];
  return [r.case.name, fmt(r.wick), fmt(t), t ? `${(r.wick / t).toFixed(1)}x` : '-'];
});
const head = ['case', 'wick ms', 'torch ms', 'ratio (wick/torch)'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

console.log('');
console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}`);
console.log(torch.error ?? `torch ${torch.torch}, ${torch.threads} threads (default)`);
console.log(line(head));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));
// Benchmarks that measure something other than time (size.mjs) print their own table.
for (const bench of benches) if (bench.report) console.log(`\n${await bench.report()}`);
