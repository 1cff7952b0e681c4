// A protocol-2 pickle writer producing what PyTorch's torch.save produces for the same values,
// so that torch.load(weights_only=True) reads it: memoized containers (BINPUT), BININT*/LONG1,
// big-endian BINFLOAT, BINUNICODE, GLOBALs with Python 3 names.

import { encodeUtf8 } from '../bytes.js';
import { op } from './opcodes.js';

export class Pickler {
  private buf = new Uint8Array(1024);
  private len = 0;
  private memoCount = 0;
  private readonly memo = new Map<unknown, number>();

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  private u32(v: number): void {
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.len, v, true);
    this.len += 4;
  }

  proto(): void {
    this.byte(op.PROTO);
    this.byte(2);
  }

  stop(): Uint8Array {
    this.byte(op.STOP);
    return this.buf.slice(0, this.len);
  }

  /** BINPUT the value on top of the stack under `key` (object identity or a string tag). */
  put(key: unknown): void {
    const i = this.memoCount++;
    this.memo.set(key, i);
    if (i < 256) {
      this.byte(op.BINPUT);
      this.byte(i);
    } else {
      this.byte(op.LONG_BINPUT);
      this.u32(i);
    }
  }

  /** Pushes a memoized value again (BINGET); false when `key` was never put. */
  get(key: unknown): boolean {
    const i = this.memo.get(key);
    if (i === undefined) return false;
    if (i < 256) {
      this.byte(op.BINGET);
      this.byte(i);
    } else {
      this.byte(op.LONG_BINGET);
      this.u32(i);
    }
    return true;
  }

  none(): void {
    this.byte(op.NONE);
  }

  bool(v: boolean): void {
    this.byte(v ? op.NEWTRUE : op.NEWFALSE);
  }

  int(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v < 256) {
      this.byte(op.BININT1);
      this.byte(v);
    } else if (typeof v === 'number' && v >= 0 && v < 65536) {
      this.byte(op.BININT2);
      this.byte(v & 0xff);
      this.byte(v >> 8);
    } else if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) {
      this.byte(op.BININT);
      this.u32(v >>> 0);
    } else {
      // LONG1: little-endian two's complement in as few bytes as keep the sign.
      let x = BigInt(v);
      const out: number[] = [];
      for (;;) {
        out.push(Number(x & 0xffn));
        const done = (x >> 7n === 0n && x >= 0n) || (x >> 7n === -1n && x < 0n);
        x >>= 8n;
        if (done) break;
      }
      this.byte(op.LONG1);
      this.byte(out.length);
      for (const b of out) this.byte(b);
    }
  }

  float(v: number): void {
    this.byte(op.BINFLOAT);
    this.ensure(8);
    new DataView(this.buf.buffer).setFloat64(this.len, v, false);
    this.len += 8;
  }

  str(s: string): void {
    const b = encodeUtf8(s);
    this.byte(op.BINUNICODE);
    this.u32(b.length);
    this.bytes(b);
  }

  /** GLOBAL 'module\nname\n', memoized like pickle's save_global. */
  global(module: string, name: string): void {
    const tag = `\u0000global:${module}.${name}`;
    if (this.get(tag)) return;
    this.byte(op.GLOBAL);
    this.bytes(encodeUtf8(`${module}\n${name}\n`));
    this.put(tag);
  }
}
