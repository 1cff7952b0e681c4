// Deflated zip records go through fflate's inflateSync into a buffer of the declared size (+1):
// a stream longer than declared is refused without growing the buffer, however far it expands.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../src/index.js';
import { inflateRecord } from '../src/zip/inflate.js';

describe('inflateRecord', () => {
  const data = new Uint8Array(4096).map((_, i) => (i * 7) % 251);

  it('inflates to exactly the declared size', () => {
    expect(inflateRecord('r', deflateRawSync(data), data.length)).toEqual(data);
  });

  it('refuses a bomb without allocating what it expands to', () => {
    // 64 MiB of zeros deflate to about 64 KiB: declared as 1000 bytes it must stop at 1001.
    const bomb = deflateRawSync(new Uint8Array(64 << 20));
    const before = process.memoryUsage().arrayBuffers;
    expect(() => inflateRecord('bomb', bomb, 1000)).toThrow('deflated record bomb inflates to more than the 1000 bytes its central directory declares');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
  });

  it('refuses stored blocks that overrun, truncated and invalid streams, by name', () => {
    const stored = deflateRawSync(data, { level: 0 });
    expect(() => inflateRecord('s', stored, 100)).toThrow(CheckpointError);
    expect(() => inflateRecord('t', deflateRawSync(data).subarray(0, 50), data.length)).toThrow(/deflated record t is not valid DEFLATE data|inflates to/);
    expect(() => inflateRecord('x', new Uint8Array([0xff, 0xff, 0xff]), 10)).toThrow(/deflated record x is not valid DEFLATE data/);
    expect(() => inflateRecord('big', new Uint8Array(10), 20_000)).toThrow('deflated record big declares 20000 bytes, more than DEFLATE can make of 10 compressed bytes');
  });
});
