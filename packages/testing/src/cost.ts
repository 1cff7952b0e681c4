// What one call costs the process: CPU seconds (all of its threads, so garbage collection counts)
// and growth of the resident set. CPU time, unlike wall time, does not grow when other processes
// share the cores, so a bound on it fails only when the work itself grew.
import { expect } from 'vitest';

export interface Cost<T> {
  /** What the call returned, or undefined when it threw. */
  value?: T;
  /** What the call threw, or undefined. */
  error?: unknown;
  cpuSeconds: number;
  /** Growth of the process's peak resident set, in bytes (0 when the peak was not raised). */
  peakRssGrowth: number;
}

/** Runs `fn` once, catching what it throws, and measures its cost. */
export function measureCost<T>(fn: () => T): Cost<T> {
  const peak = process.resourceUsage().maxRSS * 1024;
  const cpu = process.cpuUsage();
  const out: Cost<T> = { cpuSeconds: 0, peakRssGrowth: 0 };
  try {
    out.value = fn();
  } catch (e) {
    out.error = e;
  }
  const used = process.cpuUsage(cpu);
  out.cpuSeconds = (used.user + used.system) / 1e6;
  out.peakRssGrowth = process.resourceUsage().maxRSS * 1024 - peak;
  return out;
}

/** measureCost, then the bounds: at most `cpuSeconds` of CPU and `peakRssGrowth` bytes more peak RSS. */
export function expectBoundedCost<T>(fn: () => T, bounds: { cpuSeconds: number; peakRssGrowth: number }, label = ''): Cost<T> {
  const cost = measureCost(fn);
  expect(cost.cpuSeconds, `${label} CPU seconds`).toBeLessThan(bounds.cpuSeconds);
  expect(cost.peakRssGrowth, `${label} peak RSS growth`).toBeLessThan(bounds.peakRssGrowth);
  return cost;
}
