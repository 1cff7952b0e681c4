// Shared pieces of the benchmarks: loading the built packages, timing, and running PyTorch.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

/** The built package `packages/<name>/dist/index.js` (run.mjs builds it first). */
export function load(name) {
  return import(join(root, 'packages', name, 'dist', 'index.js'));
}

/**
 * tensor, autograd and nn as the umbrella package wires them (recording on, through autograd's
 * install()) without optim, and the global generator seeded with 0 as the PyTorch side seeds it.
 */
export async function loadRecording() {
  const [torch, autograd, nn] = await Promise.all([load('tensor'), load('autograd'), load('nn')]);
  autograd.install();
  torch.manual_seed(0);
  return { torch, autograd, nn };
}

/**
 * Median wall time of `fn` in milliseconds: warm-up calls first (so V8 has optimized the hot
 * loops), then as many timed runs as fit in about `budgetMs`, at least `minRuns`.
 */
export function timeit(fn, { warmup = 3, minRuns = 5, maxRuns = 50, budgetMs = 2000 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (times.length < maxRuns && performance.now() - start < budgetMs)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The Python with torch: the repo's .venv, else /tmp/venv, else null. */
export function findPython() {
  for (const p of [join(root, '.venv', 'bin', 'python'), '/tmp/venv/bin/python']) {
    if (existsSync(p)) return p;
  }
  return null;
}

// The same method as timeit(), in Python. Each case's setup and statement run in one namespace.
const torchRunner = `
import json, sys, time
import torch
cases = json.loads(sys.stdin.read())
out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "times": {}}
for c in cases:
    ns = {"torch": torch}
    exec(c["setup"], ns)
    fn = eval("lambda: " + c["stmt"], ns)
    o = c["options"]
    for _ in range(o.get("warmup", 3)):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < o.get("minRuns", 5) or (len(times) < o.get("maxRuns", 50) and (time.perf_counter() - start) * 1e3 < o.get("budgetMs", 2000)):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    m = len(times) // 2
    out["times"][c["name"]] = times[m] if len(times) % 2 else (times[m - 1] + times[m]) / 2
print(json.dumps(out))
`;

/**
 * Times every case's PyTorch twin ({name, torch: {setup, stmt}, options}) in one Python process,
 * with torch's default thread count. Returns {torch, threads, times} or {error}.
 */
export function runTorch(cases) {
  const python = findPython();
  if (!python) return { error: 'PyTorch unavailable: no .venv/bin/python or /tmp/venv/bin/python' };
  const input = JSON.stringify(cases.filter((c) => c.torch).map((c) => ({ name: c.name, ...c.torch, options: c.options ?? {} })));
  const r = spawnSync(python, ['-c', torchRunner], { input, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) return { error: `PyTorch unavailable: ${python} failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` };
  return JSON.parse(r.stdout);
}
