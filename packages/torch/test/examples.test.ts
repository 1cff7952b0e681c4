// The examples in examples/ run as tests, so the README's recipes cannot rot.
import { describe, expect, it } from 'vitest';
import { main as charGru } from '../../../examples/char-gru.mjs';

describe('examples', () => {
  it('char-gru: a GRU language model trained from scratch; the loss falls and it samples text', () => {
    const lines: string[] = [];
    const { losses, sample } = charGru({ steps: 60, log: (l: string) => lines.push(l) });
    const first = losses.slice(0, 5).reduce((a: number, b: number) => a + b) / 5;
    const last = losses.slice(-5).reduce((a: number, b: number) => a + b) / 5;
    expect(last).toBeLessThan(first * 0.75);
    expect(sample.length).toBe(121);
    console.log(lines.join('\n'));
  }, 120_000);
});
