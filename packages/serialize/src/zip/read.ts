// A zip reader over a random-access ByteSource: it reads the end records, then the central
// directory, then only the records asked for, so a checkpoint on disk is never read whole. Every
// size and offset comes from the central directory (torch.save writes zeros in the local headers
// and the real sizes after the data); zip64 is understood. Stored records from memory are
// windows of the input (no copy); from a file, one positional read each. Deflated records are
// inflated to exactly their declared size, within a budget for the whole archive.

import { decodeLatin1, decodeUtf8, viewOf } from '../bytes.js';
import { CheckpointError } from '../errors.js';
import type { ByteSource } from '../source.js';
import { checkDeflatedSize, inflateRecord } from './inflate.js';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes), its longest comment, and the zip64 locator (20 bytes) before it. */
const TAIL = 22 + 0xffff + 20;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly headerOffset: number;
}

export interface ZipOptions {
  /** The most bytes that deflated records may inflate to, all together (default: unlimited). */
  maxInflatedBytes?: number;
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
  private inflated = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly options: ZipOptions = {},
  ) {
    this.entries = this.readCentralDirectory();
    for (const e of this.entries) {
      // NOTE: readers disagree on which of two same-named records counts (PyTorch's takes the
      // last, many others the first), so a file could mean two things: refuse it.
      if (this.byName.has(e.name)) fail(`duplicate record name ${e.name}`);
      this.byName.set(e.name, e);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** Checks what `read(name)` will need before it runs: the record, its method and sizes. */
  check(name: string): ZipEntry {
    const e = this.byName.get(name);
    if (!e) fail(`file not found: ${name}`);
    if (e.method === 0) {
      if (e.compressedSize !== e.size) fail(`stored record ${name} has different compressed and uncompressed sizes`);
    } else if (e.method === 8) {
      checkDeflatedSize(name, e.compressedSize, e.size);
    } else {
      fail(`unsupported method ${e.method} for record ${name}`);
    }
    if (e.headerOffset + 30 + e.compressedSize > this.source.size) fail(`record ${name} runs past the end of the file`);
    return e;
  }

  /** Counts a deflated record against the archive's budget (each read inflates anew). */
  private spend(e: ZipEntry): void {
    const limit = this.options.maxInflatedBytes ?? Infinity;
    if (this.inflated + e.size > limit) {
      fail(`deflated records would inflate to more than max_inflated_bytes=${limit} bytes (record ${e.name} declares ${e.size})`);
    }
    this.inflated += e.size;
  }

  /** The bytes of one record: a window of an in-memory input when stored, else a new array. */
  read(name: string): Uint8Array {
    const e = this.check(name);
    const start = this.dataStart(e);
    if (start + e.compressedSize > this.source.size) fail(`record ${name} runs past the end of the file`);
    if (e.method === 8) this.spend(e);
    const raw = this.source.read(start, e.compressedSize);
    return e.method === 0 ? raw : inflateRecord(name, raw, e.size);
  }

  /** Where the record's data begins: after its local header, whose name/extra lengths we must read. */
  private dataStart(e: ZipEntry): number {
    const at = e.headerOffset;
    if (at + 30 > this.source.size) fail(`invalid local header for ${e.name}`);
    const header = viewOf(this.source.read(at, 30));
    if (header.getUint32(0, true) !== LOCAL) fail(`invalid local header for ${e.name}`);
    return at + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  }

  private readCentralDirectory(): ZipEntry[] {
    const n = this.source.size;
    if (n < 22) fail('file too small to be a zip archive');
    const tailStart = Math.max(0, n - TAIL);
    const tail = viewOf(this.source.read(tailStart, n - tailStart));
    // The end record is 22 bytes plus a comment of at most 65535 bytes.
    let end = -1;
    for (let at = tail.byteLength - 22; at >= Math.max(0, tail.byteLength - 22 - 0xffff); at--) {
      if (tail.getUint32(at, true) === EOCD && at + 22 + tail.getUint16(at + 20, true) <= tail.byteLength) {
        end = at;
        break;
      }
    }
    if (end < 0) fail('failed finding central directory');
    let count = tail.getUint16(end + 10, true);
    let cdSize = tail.getUint32(end + 12, true);
    let cdOffset = tail.getUint32(end + 16, true);
    if (end >= 20 && tail.getUint32(end - 20, true) === ZIP64_LOCATOR) {
      const at = u64(tail, end - 20 + 8);
      if (at + 56 > n) fail('invalid zip64 end of central directory');
      const z = viewOf(this.source.read(at, 56));
      if (z.getUint32(0, true) !== ZIP64_EOCD) fail('invalid zip64 end of central directory');
      count = u64(z, 32);
      cdSize = u64(z, 40);
      cdOffset = u64(z, 48);
    }
    if (cdOffset + cdSize > n) fail('central directory runs past the end of the file');
    const cd = this.source.read(cdOffset, cdSize);
    const v = viewOf(cd);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > cdSize || v.getUint32(at, true) !== CENTRAL) fail('invalid central directory entry');
      const flags = v.getUint16(at + 8, true);
      const method = v.getUint16(at + 10, true);
      let compressedSize = v.getUint32(at + 20, true);
      let size = v.getUint32(at + 24, true);
      const nameLen = v.getUint16(at + 28, true);
      const extraLen = v.getUint16(at + 30, true);
      const commentLen = v.getUint16(at + 32, true);
      let headerOffset = v.getUint32(at + 42, true);
      const next = at + 46 + nameLen + extraLen + commentLen;
      if (next > cdSize) fail('invalid central directory entry');
      const nameBytes = cd.subarray(at + 46, at + 46 + nameLen);
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
