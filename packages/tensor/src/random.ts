import { ValueError } from './errors.js';

/**
 * PyTorch's CPU generator: an MT19937 engine seeded with the low 32 bits of the seed, plus the
 * cached second normal sample of the Box-Muller pair. Uniform draws use PyTorch's bit recipes
 * (24 bits for float32, 53 for float64), so rand/randint/randperm give PyTorch's numbers.
 */
export class Generator {
  private readonly mt = new Uint32Array(624);
  private left = 1;
  private next = 0;
  private seed_: bigint = 67280421310721n;
  /** The unused sin-half of a Box-Muller pair, kept between scalar-path normal calls. */
  normalCache: number | null = null;

  constructor() {
    this.manual_seed(this.seed_);
  }

  manual_seed(seed: number | bigint): this {
    if (typeof seed === 'number' && !Number.isInteger(seed)) throw new ValueError(`manual_seed expected an integer seed, got ${seed}`, 'TypeError');
    const s = BigInt.asUintN(64, BigInt(seed));
    this.seed_ = s;
    const mt = this.mt;
    mt[0] = Number(s & 0xffffffffn);
    for (let j = 1; j < 624; j++) {
      const prev = mt[j - 1]! ^ (mt[j - 1]! >>> 30);
      mt[j] = (Math.imul(1812433253, prev) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
    this.normalCache = null;
    return this;
  }

  initial_seed(): bigint {
    return this.seed_;
  }

  /** A fresh nondeterministic seed, as torch.Generator.seed() does. */
  seed(): bigint {
    const s = BigInt(Math.floor(Math.random() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(Math.random() * 2 ** 32));
    this.manual_seed(s);
    return s;
  }

  /** One 32-bit draw. */
  random(): number {
    if (--this.left === 0) this.twist();
    let y = this.mt[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One 64-bit draw as two 32-bit draws, high word first; returned as [hi, lo]. */
  random64(): [number, number] {
    const hi = this.random();
    return [hi, this.random()];
  }

  /** A float32 uniform in [0, 1): the low 24 bits of one draw times 2^-24. */
  uniform24(): number {
    return (this.random() & 0xffffff) * 2 ** -24;
  }

  /** A float64 uniform in [0, 1): the low 53 bits of a 64-bit draw times 2^-53. */
  uniform53(): number {
    const [hi, lo] = this.random64();
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.left = 624;
    this.next = 0;
  }
}

export const default_generator = new Generator();
default_generator.seed();

export function manual_seed(seed: number | bigint): Generator {
  return default_generator.manual_seed(seed);
}

export function initial_seed(): bigint {
  return default_generator.initial_seed();
}

export function seed(): bigint {
  return default_generator.seed();
}
