// The machine's float32 peak, from what it reports about itself, for the GFLOP/s table:
//
//   peak GFLOP/s = cores x clock GHz x float32 lanes per vector x 2 (FMA) x 2 (vector pipes)
//
// cores: os.cpus().length (logical CPUs, so SMT siblings count twice and the number flatters
// the machine); lanes: 16 with avx512f, 8 with avx/avx2, 4 otherwise (SSE, NEON), read from the
// flags line of /proc/cpuinfo; FMA: the fma flag (a multiply-add counts as 2 FLOPs); clock:
// os.cpus()[0].speed, or /proc/cpuinfo's "cpu MHz" where Node reports 0 (as in many VMs), a
// nominal clock below the boost one. Two vector FMA pipes per core are assumed, as x86 server
// cores since Haswell and Zen 2 have (/proc/cpuinfo does not say). It is an order of magnitude
// to measure against, not a spec: on a 2-vCPU EPYC with a 2.1 GHz nominal clock, one PyTorch
// thread ran the LSTM headline at 172 GFLOP/s, which a 1-pipe estimate (134) put above 100%.
//
// WebAssembly SIMD has 128-bit vectors (4 float32 lanes) whatever the CPU, so the ceiling for
// wick's wasm kernels is the same formula with 4 lanes, counting a multiply and an add per lane
// per cycle on each pipe (relaxed-simd's fma does both in one instruction).
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
  const pipes = 2;
  const peak = cores * ghz * lanes * (fma ? 2 : 1) * pipes;
  const wasm = cores * ghz * 4 * 2 * pipes;
  return {
    peak,
    wasmPeak: wasm,
    formula: `${cores} cores x ${ghz.toFixed(2)} GHz (${clockFrom}) x ${lanes} f32 lanes (${simd}) x ${fma ? '2 (fma)' : '1 (no fma)'} x ${pipes} pipes (assumed) = ${peak.toFixed(0)} GFLOP/s`,
    wasmFormula: `${cores} cores x ${ghz.toFixed(2)} GHz x 4 lanes (wasm simd128) x 2 (mul+add) x ${pipes} pipes = ${wasm.toFixed(0)} GFLOP/s (1 core: ${(wasm / cores).toFixed(0)})`,
  };
}
