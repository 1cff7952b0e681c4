// `pnpm bench`: builds the packages the benchmarks use, runs every tools/bench/*.mjs benchmark
// file (each exports `title`, `packages` and `async cases()`), times each case in wick and right
// after it in PyTorch (one Python process serves the run), and prints one table with the ratio.
// On a busy machine PyTorch's default thread pool can be slower than 1 thread by 10x: compare
// with --torch-threads=1 before trusting a ratio there.
//
//   node tools/bench/run.mjs            all benchmark files
//   node tools/bench/run.mjs matmul     only files whose name contains "matmul"
//   node tools/bench/run.mjs rnn --case=GRU(256   only cases of rnn.mjs whose name contains it
//   node tools/bench/run.mjs --torch-threads=1    PyTorch on 1 thread (default: torch's own)
//   node tools/bench/run.mjs --device webgpu [--quick]   the GPU benchmarks (device/webgpu.mjs):
//       each case on 'webgpu', on the CPU backend and in PyTorch (CPU, and CUDA where it has one)
//
// Files: matmul (f32/f64 GEMMs), softmax, rnn (GRU/LSTM layers and cells), conv (Conv2d layers),
// attention (scaled_dot_product_attention, MultiheadAttention), calls (per-call
// overhead), init, size (bundle sizes, no timing), load (1 GiB torch.load; slow). After the time
// table comes a GFLOP/s table for the cases that declare their FLOPs (the GEMMs and the headline
// GRU/LSTM forward), next to the machine's float32 peak estimated by machine.mjs.
//
// `pnpm bench:peers` (tools/bench/peers/run.mjs) times the headline GRU in other JS libraries
// (onnxruntime-web, tfjs-wasm), which it installs into a cache folder outside the workspace.
//
// `pnpm bench` builds everything first; run directly, this script builds a package whose dist/
// is missing or older than its src/, so a benchmark never times stale code.
//
// A case is {name, wick: () => void, torch?: {setup, stmt}, options?: timeit options, flops?:
// FLOPs of one call}. A file may also export `async report()`, returning text printed after the
// tables.
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildStale, root, startTorch, timeit } from './lib.mjs';
import { machinePeak } from './machine.mjs';

const helpers = new Set(['run.mjs', 'lib.mjs', 'machine.mjs']);
const args = process.argv.slice(2);
const deviceAt = args.findIndex((a) => a === '--device' || a.startsWith('--device='));
if (deviceAt >= 0) {
  const device = args[deviceAt].startsWith('--device=') ? args[deviceAt].slice('--device='.length) : args[deviceAt + 1];
  const { runDevice } = await import('./device/run.mjs');
  await runDevice(device, args);
  process.exit(0);
}
const caseFilters = args.filter((a) => a.startsWith('--case=')).map((a) => a.slice('--case='.length));
const torchThreads = Number(args.find((a) => a.startsWith('--torch-threads='))?.slice('--torch-threads='.length) ?? 0);
const filters = args.filter((a) => !a.startsWith('--'));

const dir = join(root, 'tools', 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !helpers.has(f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
const benches = await Promise.all(files.map((f) => import(join(dir, f))));

buildStale(benches.flatMap((b) => b.packages ?? []));

// Each case runs in PyTorch right after wick, so both see the same load; the load average at the
// start and end still tells whether the machine was busy (which hurts PyTorch's threads most).
const loadAtStart = loadavg()[0];
const torch = await startTorch({ threads: torchThreads });
const rows = [];
for (const bench of benches) {
  const cases = (await bench.cases()).filter((c) => caseFilters.length === 0 || caseFilters.some((s) => c.name.includes(s)));
  for (const c of cases) {
    const ms = timeit(c.wick, c.options);
    const torchMs = c.torch && !torch.error ? await torch.time(c) : undefined;
    rows.push({ bench: bench.title, case: c, wick: ms, torch: torchMs });
    console.log(`  ${c.name}: wick ${ms.toFixed(2)} ms${torchMs === undefined ? '' : `, torch ${torchMs.toFixed(2)} ms`}`);
  }
}
torch.close?.();

const fmt = (x) => (x === undefined ? '-' : x < 10 ? x.toFixed(3) : x.toFixed(1));
const ratio = (x) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2));

/** Rows under a header, the first column left-aligned and the others right-aligned. */
function printTable(head, table) {
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
}

console.log('');
console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
console.log(torch.error ?? `torch ${torch.torch}, ${torch.threads} thread${torch.threads === 1 ? '' : 's'}${torchThreads ? '' : ' (default)'}`);
if (!torch.error && torch.threads > 1 && Math.max(loadAtStart, loadavg()[0]) > cpus().length) {
  console.log(`the load average exceeded the ${cpus().length} cores: PyTorch's thread pool stalls behind other work (10-100x here); rerun with --torch-threads=1 for steady ratios`);
}
printTable(
  ['case', 'wick ms', 'torch ms', 'ratio (wick/torch)'],
  rows.map((r) => {
    const t = r.torch;
    return [r.case.name, fmt(r.wick), fmt(t), t ? `${ratio(r.wick / t)}x` : '-'];
  }),
);

// Throughput of the cases that declare their FLOPs, against the machine's float32 peak.
const counted = rows.filter((r) => r.case.flops);
if (counted.length) {
  const peak = machinePeak();
  const gflops = (ms, flops) => (ms === undefined ? undefined : flops / ms / 1e6);
  const g = (x) => (x === undefined ? '-' : x.toFixed(1));
  const pct = (x) => (x === undefined ? '-' : `${((100 * x) / peak.peak).toFixed(1)}%`);
  console.log('');
  console.log(`float32 peak estimate: ${peak.formula}`);
  console.log(`wasm simd128 ceiling:  ${peak.wasmFormula}`);
  console.log('GFLOP/s = FLOPs of one call / median time (matmul n x n: 2*n^3; GRU/LSTM forward: see rnn.mjs)');
  printTable(
    ['case', 'GFLOPs', 'wick GFLOP/s', 'torch GFLOP/s', 'wick % peak', 'torch % peak'],
    counted.map((r) => {
      const w = gflops(r.wick, r.case.flops);
      const t = gflops(r.torch, r.case.flops);
      return [r.case.name, (r.case.flops / 1e9).toPrecision(3), g(w), g(t), pct(w), pct(t)];
    }),
  );
}
// Benchmarks that measure something other than time (size.mjs) print their own table.
for (const bench of benches) if (bench.report) console.log(`\n${await bench.report()}`);
