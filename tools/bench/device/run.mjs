// `pnpm bench --device webgpu`: the cases of device/webgpu.mjs, each timed on the GPU backend, on
// the CPU backend and in PyTorch on the CPU (and on CUDA, when the PyTorch in .venv has a CUDA
// device), all in one run, with the ratios. A GPU case's time ends with `await gpu.synchronize()`,
// so that the work it asked of the GPU is counted, not only its encoding.
//
//   node tools/bench/run.mjs --device webgpu             the default sizes (headline GRU/LSTM too)
//   node tools/bench/run.mjs --device webgpu --quick     small sizes only (a software adapter)
//   node tools/bench/run.mjs --device webgpu --case=GRU  only cases whose name contains "GRU"
//   --torch-threads=N as in run.mjs
import { cpus, loadavg } from 'node:os';
import { buildStale, startTorch, timeit, timeitAsync } from '../lib.mjs';

const benches = { webgpu: () => import('./webgpu.mjs') };

export async function runDevice(device, args) {
  if (!(device in benches)) {
    console.error(`pnpm bench --device: expected one of ${Object.keys(benches).join(', ')}, but got ${device}`);
    process.exit(2);
  }
  const bench = await benches[device]();
  buildStale(bench.packages);
  const quick = args.includes('--quick');
  const caseFilters = args.filter((a) => a.startsWith('--case=')).map((a) => a.slice('--case='.length));
  const threads = Number(args.find((a) => a.startsWith('--torch-threads='))?.slice('--torch-threads='.length) ?? 0);

  const { adapter, cases } = await bench.cases({ quick });
  const torch = await startTorch({ threads });
  const loadAtStart = loadavg()[0];
  const rows = [];
  for (const c of cases.filter((c) => caseFilters.length === 0 || caseFilters.some((s) => c.name.includes(s)))) {
    const row = { name: c.name };
    try {
      row.gpu = await timeitAsync(c.gpu, c.options);
    } catch (e) {
      row.gpuError = e.message.split('\n')[0];
    }
    row.cpu = timeit(c.cpu, c.options);
    if (!torch.error) {
      row.torch = await torch.time(c, c.torch('cpu'));
      if (torch.cuda) row.cuda = await torch.time(c, c.torch('cuda'));
    }
    rows.push(row);
    const parts = [`${device} ${row.gpu === undefined ? `failed (${row.gpuError})` : `${row.gpu.toFixed(2)} ms`}`, `cpu ${row.cpu.toFixed(2)} ms`];
    if (row.torch !== undefined) parts.push(`torch cpu ${row.torch.toFixed(2)} ms`);
    if (row.cuda !== undefined) parts.push(`torch cuda ${row.cuda.toFixed(2)} ms`);
    console.log(`  ${c.name}: ${parts.join(', ')}`);
  }
  torch.close?.();

  const fmt = (x) => (x === undefined ? '-' : x < 10 ? x.toFixed(3) : x.toFixed(1));
  const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${a / b >= 10 ? (a / b).toFixed(0) : (a / b).toPrecision(2)}x`);
  const head = ['case', `${device} ms`, 'wick cpu ms', 'torch cpu ms', `${device}/wick cpu`, `${device}/torch cpu`];
  if (torch.cuda) head.push('torch cuda ms', `${device}/torch cuda`);
  const table = rows.map((r) => {
    const cells = [r.name, fmt(r.gpu), fmt(r.cpu), fmt(r.torch), ratio(r.gpu, r.cpu), ratio(r.gpu, r.torch)];
    if (torch.cuda) cells.push(fmt(r.cuda), ratio(r.gpu, r.cuda));
    return cells;
  });
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('');
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
  console.log(`${device} adapter: ${adapter}`);
  console.log(torch.error ?? `torch ${torch.torch}, ${torch.threads} thread${torch.threads === 1 ? '' : 's'}${torch.cuda ? `, CUDA: ${torch.cuda}` : ', no CUDA'}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  const failed = rows.filter((r) => r.gpuError !== undefined);
  if (failed.length) console.log(`\n${failed.length} case(s) did not run on ${device}: ${[...new Set(failed.map((r) => r.gpuError))].join('; ')}`);
}
