// A complex number as JS sees one: what item() and tolist() give for complex tensors, what
// arithmetic takes as a complex scalar, and what @wick/serialize gives for a pickled Python complex.

/** A complex number (Python's `complex`): two doubles. */
export class Complex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {
    Object.freeze(this);
  }

  /** Python's repr: (1+2j), 3j, (-0-1j), (nan+infj). */
  toString(): string {
    const num = (x: number) => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : Object.is(x, -0) ? '-0' : String(x));
    if (this.re === 0 && !Object.is(this.re, -0)) return `${num(this.im)}j`;
    const im = num(this.im);
    return `(${num(this.re)}${im.startsWith('-') ? '' : '+'}${im}j)`;
  }
}
