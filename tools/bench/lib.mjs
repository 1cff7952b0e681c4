// Shared pieces of the benchmarks: loading the built packages, timing, and running PyTorch.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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

/** timeit() for an async `fn` (a GPU case awaits its work, so the time includes it). */
export async function timeitAsync(fn, { warmup = 3, minRuns = 5, maxRuns = 50, budgetMs = 2000 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (times.length < maxRuns && performance.now() - start < budgetMs)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Newest modification time of the files under path (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Builds each package (a folder under packages/) whose dist/ is missing or older than its src/. */
export function buildStale(packages) {
  for (const p of new Set(packages)) {
    const pkg = join(root, 'packages', p);
    if (newest(join(pkg, 'dist', 'index.js')) >= newest(join(pkg, 'src'))) continue;
    console.log(`building packages/${p} (dist/ is missing or stale) ...`);
    execFileSync('pnpm', ['--filter', `./packages/${p}`, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
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

// A PyTorch process that times one case per request (a line of JSON in, a line out) by the same
// method as timeit(), so that run.mjs times each case in PyTorch right after wick, under the
// same load. The first request sets the thread count (0: torch's default).
const torchServer = `
import json, sys, time
import torch
for line in sys.stdin:
    msg = json.loads(line)
    if "case" not in msg:
        if msg.get("threads"):
            torch.set_num_threads(msg["threads"])
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cuda": torch.cuda.is_available() and torch.cuda.get_device_name(0)}), flush=True)
        continue
    c = msg["case"]
    try:
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
        print(json.dumps({"ms": times[m] if len(times) % 2 else (times[m - 1] + times[m]) / 2}), flush=True)
    except Exception as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}), flush=True)
`;

/**
 * Starts the PyTorch timing process: {torch, threads, time(case) -> Promise<ms | undefined>,
 * close()}, or {error} when there is no Python with torch. `threads` 0 keeps torch's default.
 */
export async function startTorch({ threads = 0 } = {}) {
  const python = findPython();
  if (!python) return { error: 'PyTorch unavailable: no .venv/bin/python or /tmp/venv/bin/python' };
  const child = spawn(python, ['-c', torchServer], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {}); // a dead process answers through 'exit' below
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (l) => waiting.shift()?.(JSON.parse(l)));
  child.on('exit', () => {
    const error = stderr.trim().split('\n').pop() || 'exited';
    for (const resolve of waiting.splice(0)) resolve({ error });
  });
  const ask = (msg) => new Promise((resolve) => {
    waiting.push(resolve);
    child.stdin.write(`${JSON.stringify(msg)}\n`);
  });
  const hello = await ask({ threads });
  if (hello.error) return { error: `PyTorch unavailable: ${python} failed: ${hello.error}` };
  return {
    torch: hello.torch,
    threads: hello.threads,
    /** The CUDA device's name when PyTorch has one, else false. */
    cuda: hello.cuda,
    /** The median time of c.torch (or of `which`, another {setup, stmt} of the case). */
    async time(c, which = c.torch) {
      const r = await ask({ case: { ...which, options: c.options ?? {} } });
      if (r.error) console.log(`  ${c.name}: PyTorch failed: ${r.error}`);
      return r.ms;
    },
    close: () => child.stdin.end(),
  };
}
