import { type TorchDevice, parseDevice } from './device.js';
import { DTypeError, ValueError } from './errors.js';
import type { Signatures } from './signature/bind.js';
import { declaredSignatures } from './signature/declare.js';
import { pyTypeName } from './signature/arg-types.js';
import type { PyArgs } from './signature/py-args.js';
import { Storage } from './storage.js';
import { hostValues, Tensor } from './tensor.js';

/** The size of PyTorch's CPU generator state (CPUGeneratorImplState), in bytes. */
export const STATE_SIZE = 5056;
const N = 624;
const M = 397;
const DEFAULT_SEED = 67280421310721n; // c10::default_rng_seed_val

/** A seed as g.manual_seed takes it: an integer (a number or a bigint). */
export type Seed = number | bigint;

/**
 * A Generator method's declared signature. NOTE: declared in ops/random.ts and looked up when a
 * method is called: the binder's own argument types import this module, so it declares nothing
 * while it loads.
 */
const sig = (name: string): Signatures => declaredSignatures().get(`Generator.${name}`)!;

/** A seed as Generator.manual_seed takes it: an int (a float is refused, as in PyTorch). */
function generatorSeed(seed: unknown): bigint {
  if (typeof seed === 'bigint') return seed;
  if (typeof seed === 'number' && Number.isInteger(seed)) return BigInt(seed);
  throw new ValueError(`manual_seed expected a long, but got ${pyTypeName(seed)}`);
}

/** A seed within what PyTorch's uint64 seed takes (negative seeds wrap). */
export function checkSeedRange(s: bigint): bigint {
  if (s >= 2n ** 64n || s < -(2n ** 63n)) throw new ValueError('Overflow when unpacking long long', 'ValueError');
  return BigInt.asUintN(64, s);
}

/** The bytes of a state tensor, with PyTorch's checks: a uint8 tensor of the state's size. */
export function stateBytes(state: unknown): Uint8Array {
  if (!(state instanceof Tensor)) throw new DTypeError(`expected a torch.ByteTensor, but got ${pyTypeName(state)}`, 'TypeError');
  if (state.dtype !== 'uint8') throw new DTypeError('RNG state must be a torch.ByteTensor', 'TypeError');
  return hostValues(state.contiguous()) as Uint8Array;
}

/**
 * PyTorch's CPU generator: an MT19937 engine seeded with the low 32 bits of the seed, plus the
 * cached second normal sample of a Box-Muller pair. The draw recipes (24 bits for float32, 53
 * for float64, 64-bit draws high word first) are PyTorch's, so every distribution built on them
 * gives PyTorch's numbers; see ops/random.ts.
 */
export class Generator {
  readonly device = 'cpu';
  private readonly mt = new Uint32Array(N);
  private left = 1;
  private next = 0;
  private seed_: bigint = DEFAULT_SEED;
  /** The unused sine half of a scalar-path Box-Muller pair (double), or null. */
  nextDoubleNormal: number | null = null;
  /** PyTorch's float cache slot: no CPU kernel fills it, but get_state/set_state carry it. */
  nextFloatNormal: number | null = null;

  /** torch.Generator(device='cpu'): wick's generators are CPU generators. */
  constructor(...args: PyArgs<[device?: string | TorchDevice | null], { device?: string | TorchDevice | null }>) {
    if (args.length > 0) {
      const { device } = sig('__init__').bind(args);
      const type = device === null ? 'cpu' : typeof device === 'string' ? parseDevice(device).type : (device as TorchDevice).type;
      if (type !== 'cpu') throw new ValueError(`Generator: only 'cpu' generators exist, got '${type}'`);
    }
    this.seedWith(DEFAULT_SEED);
  }

  /** g.manual_seed(seed): seeds the engine (negative seeds wrap to uint64) and clears both normal caches. */
  manual_seed(...args: [seed: Seed]): this {
    const { seed } = sig('manual_seed').bind(args);
    return this.seedWith(checkSeedRange(generatorSeed(seed)));
  }

  /** Seeds the engine with a uint64 seed (internal form of manual_seed). */
  seedWith(s: bigint): this {
    this.seed_ = s;
    const mt = this.mt;
    mt[0] = Number(s & 0xffffffffn);
    for (let j = 1; j < N; j++) {
      const prev = mt[j - 1]! ^ (mt[j - 1]! >>> 30);
      mt[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    return this;
  }

  /** The seed the engine was last seeded with. */
  initial_seed(...args: []): bigint {
    if (args.length > 0) sig('initial_seed').bind(args);
    return this.seed_;
  }

  /** Seeds from a nondeterministic 64-bit value (as torch.Generator.seed()) and returns it. */
  seed(...args: []): bigint {
    if (args.length > 0) sig('seed').bind(args);
    const words = new Uint32Array(2);
    if (globalThis.crypto?.getRandomValues) {
      globalThis.crypto.getRandomValues(words);
    } else {
      words[0] = Math.random() * 2 ** 32;
      words[1] = Math.random() * 2 ** 32;
    }
    const s = (BigInt(words[0]!) << 32n) | BigInt(words[1]!);
    this.seedWith(s);
    return s;
  }

  /** One 32-bit draw (an unsigned integer). */
  nextUint32(): number {
    if (--this.left === 0) this.#twist();
    let y = this.mt[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One 64-bit draw (two 32-bit draws, the first the high word) as an unsigned bigint. */
  nextUint64(): bigint {
    const hi = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(this.nextUint32());
  }

  /** A float32 uniform in [0, 1): the low 24 bits of one draw times 2^-24. */
  uniformFloat32(): number {
    return (this.nextUint32() & 0xffffff) * 2 ** -24;
  }

  /** A float64 uniform in [0, 1): the low 53 bits of a 64-bit draw times 2^-53. */
  uniformFloat64(): number {
    const hi = this.nextUint32();
    return ((hi & 0x1fffff) * 2 ** 32 + this.nextUint32()) * 2 ** -53;
  }

  /**
   * The state in PyTorch's 5056-byte CPUGeneratorImplState layout (little-endian): seed u64 @0,
   * left i32 @8, seeded i32 @12, next u64 @16, the 624 words as u64 @24, the cached double normal
   * @5024 with its flag (i32) @5040, the cached float normal @5048 with its flag (u8) @5052.
   */
  get_state(...args: []): Tensor {
    if (args.length > 0) sig('get_state').bind(args);
    const bytes = this.stateBytes();
    return new Tensor(Storage.cpu('uint8', bytes), [bytes.length], [1], 0);
  }

  /** The state's bytes (internal form of get_state). */
  stateBytes(): Uint8Array {
    const out = new Uint8Array(STATE_SIZE);
    const v = new DataView(out.buffer);
    v.setBigUint64(0, this.seed_, true);
    v.setInt32(8, this.left, true);
    v.setInt32(12, 1, true);
    v.setBigUint64(16, BigInt(this.next), true);
    for (let i = 0; i < N; i++) v.setUint32(24 + 8 * i, this.mt[i]!, true);
    v.setFloat64(5024, this.nextDoubleNormal ?? 0, true);
    v.setInt32(5040, this.nextDoubleNormal === null ? 0 : 1, true);
    v.setFloat32(5048, this.nextFloatNormal ?? 0, true);
    v.setUint8(5052, this.nextFloatNormal === null ? 0 : 1);
    return out;
  }

  /** Restores a state from get_state() (or from PyTorch's get_state(), a uint8 tensor). */
  set_state(...args: [new_state: Tensor]): this {
    const { new_state } = sig('set_state').bind(args);
    return this.setStateBytes(stateBytes(new_state));
  }

  /** Restores a state from its bytes (internal form of set_state). */
  setStateBytes(state: Uint8Array): this {
    if (state.length !== STATE_SIZE) {
      throw new ValueError(`Expected a CPUGeneratorImplState of size ${STATE_SIZE} but found the input RNG state size to be ${state.length}`);
    }
    const v = new DataView(state.buffer, state.byteOffset, state.byteLength);
    const left = v.getInt32(8, true);
    const next = Number(v.getBigUint64(16, true));
    if (left < 1 || left > N || next > N) throw new ValueError('Invalid mt19937 state');
    this.seed_ = v.getBigUint64(0, true);
    this.left = left;
    this.next = next;
    for (let i = 0; i < N; i++) this.mt[i] = v.getUint32(24 + 8 * i, true);
    this.nextDoubleNormal = v.getInt32(5040, true) !== 0 ? v.getFloat64(5024, true) : null;
    this.nextFloatNormal = v.getUint8(5052) !== 0 ? v.getFloat32(5048, true) : null;
    return this;
  }

  /** MT19937's state update, in place; split in three loops so no index needs a modulo. */
  #twist(): void {
    const mt = this.mt;
    let i = 0;
    for (; i < N - M; i++) mt[i] = mt[i + M]! ^ mix(mt[i]!, mt[i + 1]!);
    for (; i < N - 1; i++) mt[i] = mt[i + M - N]! ^ mix(mt[i]!, mt[i + 1]!);
    mt[N - 1] = mt[M - 1]! ^ mix(mt[N - 1]!, mt[0]!);
    this.left = N;
    this.next = 0;
  }
}

/** The twist's term from word i's top bit and word i+1's other bits: (y >>> 1) ^ (y odd ? A : 0). */
function mix(upper: number, lower: number): number {
  const y = (upper & 0x80000000) | (lower & 0x7fffffff);
  return (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
}

/** The generator every random function uses when none is given; seeded nondeterministically. */
export const default_generator = new Generator();
default_generator.seed();

