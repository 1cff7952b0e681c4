// The machine's float32 peak, from what it reports about itself, for the GFLOP/s table:
//
//   peak GFLOP/s = cores x clock GHz x float32 lanes per vector x 2 (when it has FMA)
//
// cores: os.cpus().length (logical CPUs, so SMT siblings count twice and the number flatters
// the machine); lanes: 16 with avx512f, 8 with avx/avx2, 4 otherwise (SSE, NEON), read from the
// flags line of /proc/cpuinfo; FMA: the fma flag (a multiply-add counts as 2 FLOPs); clock:
// os.cpus()[0].speed, or /proc/cpuinfo's "cpu MHz" where Node reports 0 (as in many VMs), which is
// a nominal clock, not the turbo or AVX-512 one. One vector FMA per cycle is assumed; cores with
// two FMA pipes reach twice this. It is an order of magnitude to measure against, not a spec.
//
// WebAssembly SIMD has 128-bit vectors (4 float32 lanes) whatever the CPU, so the ceiling for
// wick's wasm kernels is the same formula with 4 lanes, counting a multiply and an add per lane
// per cycle (relaxed-simd's fma does both in one instruction).
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

function cpuinfo() {
  return existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
}

export function machinePeak() {
  const info = cpuinfo();
  const flags = new Set((info.match(/^(?:flags|Features)\s*:\s*(.*)$/m)?.[1] ?? '').split(/\s+/));
  const list = cpus();
  const cores = list.length;
  let mhz = list[0]?.speed ?? 0;
  let clockFrom = 'os.cpus()[0].speed';
  if (!mhz) {
    mhz = Number(info.match(/^cpu MHz\s*:\s*([\d.]+)/m)?.[1] ?? 0);
    clockFrom = '/proc/cpuinfo cpu MHz';
  }
  const [lanes, simd] = flags.has('avx512f') ? [16, 'avx512f'] : flags.has('avx2') || flags.has('avx') ? [8, flags.has('avx2') ? 'avx2' : 'avx'] : [4, '128-bit'];
  const fma = flags.has('fma') || flags.has('asimd'); // asimd: AArch64's vector unit always has FMA
  const ghz = mhz / 1000;
  const perCycle = lanes * (fma ? 2 : 1);
  const peak = cores * ghz * perCycle;
  const wasm = cores * ghz * 4 * 2;
  return {
    peak,
    wasmPeak: wasm,
    formula: `${cores} cores x ${ghz.toFixed(2)} GHz (${clockFrom}) x ${lanes} f32 lanes (${simd}) x ${fma ? '2 (fma)' : '1 (no fma)'} = ${peak.toFixed(0)} GFLOP/s`,
    wasmFormula: `${cores} cores x ${ghz.toFixed(2)} GHz x 4 lanes (wasm simd128) x 2 (mul+add) = ${wasm.toFixed(0)} GFLOP/s (1 core: ${(wasm / cores).toFixed(0)})`,
  };
}
