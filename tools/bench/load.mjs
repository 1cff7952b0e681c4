// torch.load of a 1 GiB state_dict written by PyTorch: wall time (in the table, against Python's
// torch.load of the same file) and peak resident memory of a fresh process that loads it once,
// wick vs Python, printed as ratios; the same for torch.load(path, mmap=True), which reads only
// the central directory and the pickle (wick reads each storage when a tensor is first used).
// Slow (it writes 1 GiB to a temp dir); run it alone with `node tools/bench/run.mjs load`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython, load, root } from './lib.mjs';

export const title = 'load';
export const packages = ['tensor', 'serialize'];

const GiB = 1 << 30;

// 16 float32 tensors of 64 MiB each, plus an int64 and a bfloat16 one, as a state_dict.
const writer = `
import sys, torch
torch.manual_seed(0)
sd = {f"layer{i}.weight": torch.empty(4096, 4096).uniform_() for i in range(15)}
sd["emb.weight"] = torch.empty(4096, 4096 - 64).uniform_()
sd["counts"] = torch.arange(2**20)
sd["half"] = torch.ones(2**21, dtype=torch.bfloat16)
torch.save(sd, sys.argv[1])
`;

// argv: file, then "mmap" or "full".
const pyPeak = `
import resource, sys, time, torch
mmap = sys.argv[2] == "mmap"
t = time.perf_counter(); sd = torch.load(sys.argv[1], weights_only=True, mmap=mmap); dt = time.perf_counter() - t
print(dt * 1e3, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
`;

const jsPeak = `
const { load } = await import(process.argv[3]);
const mmap = process.argv[2] === 'mmap';
const t = performance.now(); const sd = load(process.argv[1], { mmap }); const dt = performance.now() - t;
console.log(dt, process.resourceUsage().maxRSS * 1024, sd.size);
`;

function fmt(bytes) {
  return `${(bytes / GiB).toFixed(2)} GiB`;
}

export async function cases() {
  const python = findPython();
  if (!python) return [];
  const dir = mkdtempSync(join(tmpdir(), 'wick-bench-load-'));
  const file = join(dir, 'state_dict.pt');
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const w = spawnSync(python, ['-c', writer, file], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (w.status !== 0) throw new Error('PyTorch could not write the benchmark file');
  const size = statSync(file).size;
  const serialize = join(root, 'packages', 'serialize', 'dist', 'index.js');
  for (const mode of ['full', 'mmap']) {
    const py = spawnSync(python, ['-c', pyPeak, file, mode], { encoding: 'utf8' }).stdout.trim().split(' ').map(Number);
    const js = spawnSync(process.execPath, ['--input-type=module', '-e', jsPeak, file, mode, serialize], { encoding: 'utf8' });
    const [jsMs, jsRss] = js.stdout.trim().split(' ').map(Number);
    const what = mode === 'mmap' ? 'torch.load(path, mmap=True), nothing touched' : 'torch.load(path)';
    console.log(`  load: file ${fmt(size)}; ${what}, once, cold, in a fresh process:`);
    console.log(`    wick   ${jsMs.toFixed(1)} ms, peak RSS ${fmt(jsRss)} (${(jsRss / size).toFixed(2)}x the file)`);
    console.log(`    torch  ${py[0].toFixed(1)} ms, peak RSS ${fmt(py[1])} (${(py[1] / size).toFixed(2)}x the file)`);
    console.log(`    ratios wick/torch: time ${(jsMs / py[0]).toFixed(2)}x, peak RSS ${(jsRss / py[1]).toFixed(2)}x`);
  }
  const { load: wickLoad } = await load('serialize');
  const setup = `path = ${JSON.stringify(file)}`;
  return [{
    name: `torch.load 1 GiB state_dict (${(size / GiB).toFixed(2)} GiB file)`,
    wick: () => wickLoad(file),
    torch: { setup, stmt: 'torch.load(path, weights_only=True)' },
    options: { warmup: 1, minRuns: 3, maxRuns: 3, budgetMs: 1 },
  }, {
    name: 'torch.load(mmap=True) of the same file: open only',
    wick: () => wickLoad(file, { mmap: true }),
    torch: { setup, stmt: 'torch.load(path, weights_only=True, mmap=True)' },
    options: { warmup: 2, minRuns: 10, maxRuns: 30, budgetMs: 2000 },
  }];
}
