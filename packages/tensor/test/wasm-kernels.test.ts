// The WebAssembly SIMD kernels and their threads: they load in Node, the matrix-product fixtures
// and the float32 exp/sigmoid/tanh/softmax fixtures agree with PyTorch on every path (plain JS, SIMD on one thread, SIMD on two), and the threaded
// result is bit-identical to the one-thread result (each tile is summed by one thread, in one order).
import { availableParallelism } from 'node:os';
import { runFixture } from '@wick/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import { setSimdEnabled, simdEnabled } from '../src/cpu/wasm/runtime.js';
import { lastJobThreads } from '../src/cpu/wasm/threads.js';

const ns = { ...torch, nn: { functional: { linear: torch.linear } } };

/** Runs the fixture file with the kernels on or off and the given thread count, restoring both after. */
function under(label: string, simd: boolean, threads: number): void {
  describe(label, () => {
    const before = { simd: simdEnabled(), threads: torch.get_num_threads() };
    beforeAll(() => {
      setSimdEnabled(simd);
      torch.set_num_threads(threads);
    });
    afterAll(() => {
      setSimdEnabled(before.simd);
      torch.set_num_threads(before.threads);
    });
    runFixture('tensor/matmul.msgpack', ns);
    runFixture('tensor/simd_math.msgpack', ns);
  });
}

describe('the WebAssembly kernels', () => {
  // On even when the suite runs with WICK_SIMD=0 (the plain-JS pass of CI).
  const before = simdEnabled();
  beforeAll(() => setSimdEnabled(true));
  afterAll(() => setSimdEnabled(before));

  it('load in Node (SIMD is available in Node 20)', async () => {
    expect(await torch.kernelsReady()).toBe(true);
  });

  it('run on two threads once the worker is up', async () => {
    torch.set_num_threads(2);
    const a = torch.randn([64, 300]);
    // The worker starts when the kernels load; until it says it is ready, jobs run on this thread.
    for (let tries = 0; tries < 200; tries++) {
      torch.matmul(a, a.t());
      if (lastJobThreads() === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(lastJobThreads()).toBe(2);
  });

  it('give the same bits on one thread and on two', () => {
    torch.manual_seed(0);
    const a = torch.randn([130, 300]);
    const b = torch.randn([300, 96]);
    const before = torch.get_num_threads();
    try {
      torch.set_num_threads(1);
      const one = torch.matmul(a, b);
      torch.set_num_threads(2);
      const two = torch.matmul(a, b);
      expect(lastJobThreads()).toBe(2);
      expect(two.tolist()).toEqual(one.tolist());
      // The plain-JS kernel sums in double and rounds once: somewhere in 12,480 sums of 300
      // products it differs from the float32 sums, which shows the SIMD kernels did run.
      setSimdEnabled(false);
      const plain = torch.matmul(a, b);
      expect(plain.tolist()).not.toEqual(one.tolist());
    } finally {
      setSimdEnabled(true);
      torch.set_num_threads(before);
    }
  });
});

under('matmul fixtures, plain JS kernels', false, 1);
under('matmul fixtures, SIMD on one thread', true, 1);
under('matmul fixtures, SIMD on two threads', true, 2);

describe('set_num_threads / get_num_threads', () => {
  const before = torch.get_num_threads();
  afterAll(() => torch.set_num_threads(before));

  it('default to the number of logical processors', () => {
    expect(before).toBe(availableParallelism());
  });

  it('set positionally and by name', () => {
    torch.set_num_threads(3);
    expect(torch.get_num_threads()).toBe(3);
    torch.set_num_threads({ num: 1 });
    expect(torch.get_num_threads()).toBe(1);
  });

  it("refuse what PyTorch refuses, with its messages", () => {
    const bad: [unknown[], string][] = [
      [[0], 'set_num_threads expects a positive integer'],
      [[-1], 'set_num_threads expects a positive integer'],
      [[1.5], 'set_num_threads expects an int, but got float'],
      [['2'], 'set_num_threads expects an int, but got str'],
      [[true], 'set_num_threads expects an int, but got bool'],
    ];
    for (const [args, message] of bad) {
      const n = torch.get_num_threads();
      expect(() => Reflect.apply(torch.set_num_threads, undefined, args)).toThrow(message);
      expect(torch.get_num_threads()).toBe(n);
    }
    expect(() => Reflect.apply(torch.set_num_threads, undefined, [])).toThrow(torch.ArgumentError);
    expect(() => Reflect.apply(torch.get_num_threads, undefined, [1])).toThrow(torch.ArgumentError);
  });
});
