// A zip writer laid out as PyTorch's PyTorchStreamWriter lays out checkpoints: stored records
// whose data starts at a multiple of 64 bytes (padded by an "FB" extra field of 'Z' bytes),
// local headers without sizes followed by data descriptors, and a zip64 end record always.

import { concat, encodeUtf8 } from '../bytes.js';
import { crc32 } from './crc32.js';

const ALIGNMENT = 64;
const MAX32 = 0xffffffff;

interface Written {
  name: Uint8Array;
  offset: number;
  size: number;
  crc: number;
}

export class ZipWriter {
  private readonly chunks: Uint8Array[] = [];
  private readonly written: Written[] = [];
  private cursor = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.cursor += bytes.length;
  }

  /** Adds one stored record. `data` is referenced, not copied, until finish(). */
  add(name: string, data: Uint8Array): void {
    const nameBytes = encodeUtf8(name);
    const big = data.length >= MAX32 || this.cursor >= MAX32;
    const zip64Len = big ? 4 + 16 + (this.cursor >= MAX32 ? 8 : 0) : 0;
    // NOTE: the 4-byte "FB" header is always written, even when no padding is needed.
    const start = this.cursor + 30 + nameBytes.length + zip64Len + 4;
    const pad = (ALIGNMENT - (start % ALIGNMENT)) % ALIGNMENT;
    const header = new Uint8Array(30 + nameBytes.length + zip64Len + 4 + pad);
    const h = new DataView(header.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(6, 0x0808, true); // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
    h.setUint16(26, nameBytes.length, true);
    h.setUint16(28, zip64Len + 4 + pad, true);
    header.set(nameBytes, 30);
    let x = 30 + nameBytes.length;
    if (big) {
      h.setUint32(22, MAX32, true);
      h.setUint32(18, MAX32, true);
      h.setUint16(x, 0x0001, true);
      h.setUint16(x + 2, zip64Len - 4, true);
      x += zip64Len; // sizes (and offset) left zero, as a streaming writer does
    }
    header[x] = 0x46; // 'F'
    header[x + 1] = 0x42; // 'B'
    h.setUint16(x + 2, pad, true);
    header.fill(0x5a, x + 4); // 'Z'
    const offset = this.cursor;
    this.push(header);
    this.push(data);
    const crc = crc32(data);
    const desc = new Uint8Array(big ? 24 : 16);
    const d = new DataView(desc.buffer);
    d.setUint32(0, 0x08074b50, true);
    d.setUint32(4, crc, true);
    if (big) {
      d.setBigUint64(8, BigInt(data.length), true);
      d.setBigUint64(16, BigInt(data.length), true);
    } else {
      d.setUint32(8, data.length, true);
      d.setUint32(12, data.length, true);
    }
    this.push(desc);
    this.written.push({ name: nameBytes, offset, size: data.length, crc });
  }

  /** The whole archive: records, central directory, zip64 end record and locator, end record. */
  finish(): Uint8Array {
    const cdStart = this.cursor;
    for (const w of this.written) {
      const bigSize = w.size >= MAX32;
      const bigOffset = w.offset >= MAX32;
      const extraLen = bigSize || bigOffset ? 4 + (bigSize ? 16 : 0) + (bigOffset ? 8 : 0) : 0;
      const e = new Uint8Array(46 + w.name.length + extraLen);
      const v = new DataView(e.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(8, 0x0808, true);
      v.setUint32(16, w.crc, true);
      v.setUint32(20, bigSize ? MAX32 : w.size, true);
      v.setUint32(24, bigSize ? MAX32 : w.size, true);
      v.setUint16(28, w.name.length, true);
      v.setUint16(30, extraLen, true);
      v.setUint32(42, bigOffset ? MAX32 : w.offset, true);
      e.set(w.name, 46);
      let x = 46 + w.name.length;
      if (extraLen) {
        v.setUint16(x, 0x0001, true);
        v.setUint16(x + 2, extraLen - 4, true);
        x += 4;
        if (bigSize) {
          v.setBigUint64(x, BigInt(w.size), true);
          v.setBigUint64(x + 8, BigInt(w.size), true);
          x += 16;
        }
        if (bigOffset) v.setBigUint64(x, BigInt(w.offset), true);
      }
      this.push(e);
    }
    const cdSize = this.cursor - cdStart;
    const n = this.written.length;
    const tail = new Uint8Array(56 + 20 + 22);
    const t = new DataView(tail.buffer);
    t.setUint32(0, 0x06064b50, true);
    t.setBigUint64(4, 44n, true);
    t.setUint16(12, 0x031e, true); // made by: Unix, spec 3.0 (what miniz writes)
    t.setUint16(14, 0x2d, true); // needed: 4.5, zip64
    t.setBigUint64(24, BigInt(n), true);
    t.setBigUint64(32, BigInt(n), true);
    t.setBigUint64(40, BigInt(cdSize), true);
    t.setBigUint64(48, BigInt(cdStart), true);
    t.setUint32(56, 0x07064b50, true);
    t.setBigUint64(64, BigInt(this.cursor), true);
    t.setUint32(72, 1, true);
    t.setUint32(76, 0x06054b50, true);
    t.setUint16(84, Math.min(n, 0xffff), true);
    t.setUint16(86, Math.min(n, 0xffff), true);
    t.setUint32(88, Math.min(cdSize, MAX32), true);
    t.setUint32(92, Math.min(cdStart, MAX32), true);
    this.push(tail);
    return concat(this.chunks);
  }
}
