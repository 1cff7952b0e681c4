// A zip reader that takes every size and offset from the central directory (torch.save writes
// zeros in the local headers and the real sizes after the data), understands zip64, and returns
// stored records as windows of the input bytes (no copy) and deflated ones inflated.

import { decodeLatin1, decodeUtf8, viewOf } from '../bytes.js';
import { CheckpointError } from '../errors.js';
import { inflateRaw } from './inflate.js';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly headerOffset: number;
}

function fail(why: string): never {
  throw new CheckpointError(`PytorchStreamReader failed reading zip archive: ${why}`);
}

/** A u64 that must fit a JS number (a file offset or size): anything bigger is corrupt. */
function u64(view: DataView, at: number): number {
  const v = view.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('a zip64 size or offset is out of range');
  return Number(v);
}

export class ZipReader {
  readonly entries: readonly ZipEntry[];
  private readonly byName = new Map<string, ZipEntry>();
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = viewOf(bytes);
    this.entries = this.readCentralDirectory();
    for (const e of this.entries) if (!this.byName.has(e.name)) this.byName.set(e.name, e);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** The bytes of one record: a window of the input when stored, a new array when deflated. */
  read(name: string): Uint8Array {
    const e = this.byName.get(name);
    if (!e) fail(`file not found: ${name}`);
    const start = this.dataStart(e);
    if (start + e.compressedSize > this.bytes.length) fail(`record ${name} runs past the end of the file`);
    const raw = this.bytes.subarray(start, start + e.compressedSize);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) fail(`stored record ${name} has different compressed and uncompressed sizes`);
      return raw;
    }
    if (e.method === 8) return inflateRaw(raw, e.size);
    return fail(`unsupported method ${e.method} for record ${name}`);
  }

  /** Where the record's data begins: after its local header, whose name/extra lengths we must read. */
  private dataStart(e: ZipEntry): number {
    const at = e.headerOffset;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== LOCAL) fail(`invalid local header for ${e.name}`);
    return at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
  }

  private findEnd(): number {
    const n = this.bytes.length;
    if (n < 22) fail('file too small to be a zip archive');
    // The end record is 22 bytes plus a comment of at most 65535 bytes.
    for (let at = n - 22; at >= Math.max(0, n - 22 - 0xffff); at--) {
      if (this.view.getUint32(at, true) === EOCD && at + 22 + this.view.getUint16(at + 20, true) <= n) return at;
    }
    return fail('failed finding central directory');
  }

  private readCentralDirectory(): ZipEntry[] {
    const v = this.view;
    const end = this.findEnd();
    let count = v.getUint16(end + 10, true);
    let cdSize = v.getUint32(end + 12, true);
    let cdOffset = v.getUint32(end + 16, true);
    if (end >= 20 && v.getUint32(end - 20, true) === ZIP64_LOCATOR) {
      const at = u64(v, end - 20 + 8);
      if (at + 56 > this.bytes.length || v.getUint32(at, true) !== ZIP64_EOCD) fail('invalid zip64 end of central directory');
      count = u64(v, at + 32);
      cdSize = u64(v, at + 40);
      cdOffset = u64(v, at + 48);
    }
    if (cdOffset + cdSize > this.bytes.length) fail('central directory runs past the end of the file');
    const entries: ZipEntry[] = [];
    let at = cdOffset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > cdOffset + cdSize || v.getUint32(at, true) !== CENTRAL) fail('invalid central directory entry');
      const flags = v.getUint16(at + 8, true);
      const method = v.getUint16(at + 10, true);
      let compressedSize = v.getUint32(at + 20, true);
      let size = v.getUint32(at + 24, true);
      const nameLen = v.getUint16(at + 28, true);
      const extraLen = v.getUint16(at + 30, true);
      const commentLen = v.getUint16(at + 32, true);
      let headerOffset = v.getUint32(at + 42, true);
      const next = at + 46 + nameLen + extraLen + commentLen;
      if (next > cdOffset + cdSize) fail('invalid central directory entry');
      const nameBytes = this.bytes.subarray(at + 46, at + 46 + nameLen);
      let name: string;
      try {
        name = flags & 0x800 ? decodeUtf8(nameBytes) : decodeLatin1(nameBytes);
      } catch {
        return fail('invalid UTF-8 in a record name');
      }
      // The zip64 extra field holds, in this order, only the values saturated at 0xFFFFFFFF.
      for (let x = at + 46 + nameLen; x + 4 <= at + 46 + nameLen + extraLen; ) {
        const id = v.getUint16(x, true);
        const len = v.getUint16(x + 2, true);
        if (id === 0x0001) {
          let p = x + 4;
          const take = (): number => {
            if (p + 8 > x + 4 + len) fail('truncated zip64 extra field');
            const r = u64(v, p);
            p += 8;
            return r;
          };
          if (size === 0xffffffff) size = take();
          if (compressedSize === 0xffffffff) compressedSize = take();
          if (headerOffset === 0xffffffff) headerOffset = take();
        }
        x += 4 + len;
      }
      entries.push({ name, method, compressedSize, size, headerOffset });
      at = next;
    }
    return entries;
  }
}
