// Raw DEFLATE decoding (RFC 1951) for zip entries stored with method 8. torch.save never
// compresses, but PyTorch's reader inflates re-zipped checkpoints, so we must too. It is
// synchronous (torch.load is), which rules out the platform's DecompressionStream.

import { CheckpointError } from '../errors.js';

// Base lengths and extra bits of length codes 257..285 and distance codes 0..29 (RFC 1951 3.2.5).
const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which code-length code lengths are sent (RFC 1951 3.2.7).
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: counts per length and symbols sorted by code. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

function fail(why: string): never {
  throw new CheckpointError(`invalid deflate data in zip entry: ${why}`);
}

function buildHuffman(lengths: Uint8Array, n: number): Huffman {
  const counts = new Uint16Array(16);
  for (let i = 0; i < n; i++) counts[lengths[i]!]!++;
  counts[0] = 0;
  // Reject over-subscribed codes (incomplete ones are legal for single-symbol distance codes).
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left = (left << 1) - counts[len]!;
    if (left < 0) fail('over-subscribed Huffman code');
  }
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len]! + counts[len]!;
  const symbols = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i]! !== 0) symbols[offs[lengths[i]!]!++] = i;
  return { counts, symbols };
}

let fixedLit: Huffman | null = null;
let fixedDist: Huffman | null = null;

function fixedCodes(): [Huffman, Huffman] {
  if (!fixedLit || !fixedDist) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144);
    l.fill(9, 144, 256);
    l.fill(7, 256, 280);
    l.fill(8, 280, 288);
    fixedLit = buildHuffman(l, 288);
    fixedDist = buildHuffman(new Uint8Array(30).fill(5), 30);
  }
  return [fixedLit, fixedDist];
}

/** Inflates `input` into exactly `size` bytes (the size the central directory records). */
export function inflateRaw(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let outPos = 0;
  let inPos = 0;
  let bitBuf = 0;
  let bitCnt = 0;

  const bits = (need: number): number => {
    while (bitCnt < need) {
      if (inPos >= input.length) fail('unexpected end of data');
      bitBuf |= input[inPos++]! << bitCnt;
      bitCnt += 8;
    }
    const v = bitBuf & ((1 << need) - 1);
    bitBuf >>>= need;
    bitCnt -= need;
    return v;
  };

  const decode = (h: Huffman): number => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const count = h.counts[len]!;
      if (code - first < count) return h.symbols[index + code - first]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return fail('invalid Huffman code');
  };

  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0;
      if (inPos + 4 > input.length) fail('unexpected end of data');
      const len = input[inPos]! | (input[inPos + 1]! << 8);
      const nlen = input[inPos + 2]! | (input[inPos + 3]! << 8);
      inPos += 4;
      if (len !== (~nlen & 0xffff)) fail('stored block length check failed');
      if (inPos + len > input.length) fail('unexpected end of data');
      if (outPos + len > size) fail('more data than the recorded size');
      out.set(input.subarray(inPos, inPos + len), outPos);
      inPos += len;
      outPos += len;
      continue;
    }
    let lit: Huffman;
    let dist: Huffman;
    if (type === 1) {
      [lit, dist] = fixedCodes();
    } else if (type === 2) {
      const nlen = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncode = bits(4) + 4;
      if (nlen > 286 || ndist > 30) fail('bad counts');
      const clLens = new Uint8Array(19);
      for (let i = 0; i < ncode; i++) clLens[CL_ORDER[i]!] = bits(3);
      const cl = buildHuffman(clLens, 19);
      const lens = new Uint8Array(nlen + ndist);
      for (let i = 0; i < nlen + ndist; ) {
        const sym = decode(cl);
        if (sym < 16) {
          lens[i++] = sym;
          continue;
        }
        let rep: number;
        let val = 0;
        if (sym === 16) {
          if (i === 0) fail('repeat with no first length');
          val = lens[i - 1]!;
          rep = 3 + bits(2);
        } else if (sym === 17) {
          rep = 3 + bits(3);
        } else {
          rep = 11 + bits(7);
        }
        if (i + rep > nlen + ndist) fail('too many lengths');
        lens.fill(val, i, i + rep);
        i += rep;
      }
      if (lens[256] === 0) fail('no end-of-block code');
      lit = buildHuffman(lens.subarray(0, nlen), nlen);
      dist = buildHuffman(lens.subarray(nlen), ndist);
    } else {
      return fail('invalid block type');
    }
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (outPos >= size) fail('more data than the recorded size');
        out[outPos++] = sym;
      } else if (sym === 256) {
        break;
      } else {
        const li = sym - 257;
        if (li >= 29) fail('invalid length code');
        const len = LEN_BASE[li]! + bits(LEN_EXTRA[li]!);
        const di = decode(dist);
        if (di >= 30) fail('invalid distance code');
        const d = DIST_BASE[di]! + bits(DIST_EXTRA[di]!);
        if (d > outPos) fail('distance too far back');
        if (outPos + len > size) fail('more data than the recorded size');
        // NOTE: the copy may overlap its own output (d < len repeats a pattern): byte by byte.
        for (let k = 0; k < len; k++, outPos++) out[outPos] = out[outPos - d]!;
      }
    }
  }
  if (outPos !== size) fail(`inflated ${outPos} bytes, the central directory records ${size}`);
  return out;
}
