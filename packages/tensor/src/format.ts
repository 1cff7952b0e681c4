import { backendFor } from './device.js';
import { Complex } from './complex.js';
import { type DType, type TypedArray, get_default_dtype, isComplex, isFloat8, isFloating, reprName } from './dtype.js';
import { float8Table } from './float8.js';
import { bfloat16BitsToNumber, halfBitsToNumber } from './half.js';
import { contiguousStrides, numel } from './shape.js';
import { ValueError } from './errors.js';
import { declare, defineFunction } from './signature/declare.js';
import type { PyArgs } from './signature/py-args.js';
import type { Tensor } from './tensor.js';

/**
 * repr(tensor) exactly as PyTorch 2.13 prints it (torch/_tensor_str.py): one formatter chooses
 * integer, fixed or scientific notation from the finite non-zero values that will be shown, every
 * element is right-aligned to the widest, rows wrap at `linewidth`, and tensors with more than
 * `threshold` elements show only `edgeitems` at each end of every dim.
 */

export interface PrintOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
  /** null: chosen per tensor; true/false: always/never scientific notation. */
  sci_mode: boolean | null;
}

export interface SetPrintOptions {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: 'default' | 'short' | 'full' | null;
  sci_mode?: boolean | null;
}

const opts: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sci_mode: null };

const profiles: Record<NonNullable<SetPrintOptions['profile']>, Omit<PrintOptions, 'sci_mode'>> = {
  default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
  short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
  full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
};

const PY = { style: 'python' } as const;
const setSig = declare(
  'torch.set_printoptions',
  'set_printoptions(int? precision=None, float? threshold=None, int? edgeitems=None, int? linewidth=None, str? profile=None, bool? sci_mode=None)',
  PY,
);

type SetArgs = [
  precision?: number | null, threshold?: number | null, edgeitems?: number | null, linewidth?: number | null,
  profile?: SetPrintOptions['profile'], sci_mode?: boolean | null,
];

/**
 * torch.set_printoptions: a profile first, then each option given. NOTE: as in PyTorch, sci_mode
 * is always assigned, so a call that leaves it out resets it to automatic. Unlike PyTorch, an
 * unknown profile is an error rather than ignored.
 */
export function set_printoptions(...args: PyArgs<SetArgs, SetPrintOptions>): void {
  const a = setSig.bind(args);
  if (a.profile !== null && !(a.profile in profiles)) {
    throw new ValueError(`set_printoptions(): profile must be 'default', 'short' or 'full', but got '${a.profile}'`, 'ValueError');
  }
  if (a.profile !== null) Object.assign(opts, profiles[a.profile as keyof typeof profiles]);
  if (a.precision !== null) opts.precision = a.precision;
  if (a.threshold !== null) opts.threshold = a.threshold;
  if (a.edgeitems !== null) opts.edgeitems = a.edgeitems;
  if (a.linewidth !== null) opts.linewidth = a.linewidth;
  opts.sci_mode = a.sci_mode;
}

const getSig = declare('torch.get_printoptions', 'get_printoptions()', {
  ...PY,
  differs: "PyTorch keeps it as torch._tensor_str.get_printoptions(); wick exports it so the options can be saved and restored",
});

/** The current print options (a copy). */
export function get_printoptions(...args: []): PrintOptions {
  getSig.bind(args);
  return { ...opts };
}

/** repr(t) as a string: PyTorch's repr(tensor) (String(t) gives it too). */
export const format = defineFunction<(...args: PyArgs<[input: Tensor], { input?: Tensor }>) => string>(
  'format', 'format(Tensor input)', (a) => formatTensor(a.input),
  { differs: "wick's own: PyTorch's repr(tensor), which JS has no operator for" },
);

// ---------------------------------------------------------------------------------------------
// Python's '{:.Nf}' and '{:.Ne}' for doubles: the exact binary value, rounded half to even.
// NOTE: Number#toFixed rounds ties away from zero (1.03125 -> "1.0313", Python gives "1.0312") and
// switches to exponent form at 1e21, so both are computed here from the exact mantissa/exponent.

const bits = new DataView(new ArrayBuffer(8));

/** |x| = mantissa * 2^exponent, for finite non-zero x. */
function decompose(x: number): [bigint, number] {
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biased - 1075];
}

function divRoundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = 2n * (num - q * den);
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** round(|x| * 10^shift) as an integer, exactly. */
function scaledDigits(x: number, shift: number): bigint {
  const [m, e] = decompose(x);
  let num = e >= 0 ? m << BigInt(e) : m;
  let den = e >= 0 ? 1n : 1n << BigInt(-e);
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den *= 10n ** BigInt(-shift);
  return divRoundHalfEven(num, den);
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/** Python's f'{x:.{p}f}'. */
export function pyFixed(x: number, p: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const digits = x === 0 ? '0'.repeat(p + 1) : scaledDigits(Math.abs(x), p).toString().padStart(p + 1, '0');
  const whole = digits.slice(0, digits.length - p);
  return p > 0 ? `${sign}${whole}.${digits.slice(digits.length - p)}` : `${sign}${whole}`;
}

/** Python's f'{x:.{p}e}'. */
export function pyExp(x: number, p: number): string {
  const special = nonFinite(x);
  if (special !== null) return special;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  let k = 0;
  let digits = '0'.repeat(p + 1);
  if (a !== 0) {
    // log10 is only an estimate near powers of ten; settle k so the rounded value has p+1 digits.
    k = Math.floor(Math.log10(a));
    for (;;) {
      const n = scaledDigits(a, p - k);
      if (n >= 10n ** BigInt(p + 1)) k++;
      else if (n < 10n ** BigInt(p)) k--;
      else {
        digits = n.toString();
        break;
      }
    }
  }
  const mantissa = p > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${k < 0 ? '-' : '+'}${String(Math.abs(k)).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Reading elements.

type Element = number | bigint | boolean | Complex;

interface Source {
  readonly data: TypedArray;
  readonly strides: readonly number[];
  readonly offset: number;
  readonly read: (data: TypedArray, i: number) => Element;
}

function elementReader(dtype: DType): Source['read'] {
  switch (dtype) {
    case 'float16':
      return (d, i) => halfBitsToNumber(d[i] as number);
    case 'bfloat16':
      return (d, i) => bfloat16BitsToNumber(d[i] as number);
    case 'bool':
      return (d, i) => d[i] !== 0;
    case 'complex64':
    case 'complex128':
      return (d, i) => new Complex(d[2 * i] as number, d[2 * i + 1] as number);
    default: {
      if (!isFloat8(dtype)) return (d, i) => d[i]!;
      // PyTorch prints float8 (but e8m0) through float16 (_tensor_str's self.half()): the same values.
      const table = float8Table(dtype);
      return (d, i) => table[d[i] as number]!;
    }
  }
}

/** Where to read t's elements: its own storage on the CPU, else a synchronous copy, else null. */
function sourceOf(t: Tensor): Source | null {
  const read = elementReader(t.dtype);
  if (t.storage.data) return { data: t.storage.data, strides: t.strides, offset: t.offset, read };
  const readSync = backendFor(t.device).readSync;
  if (!readSync) return null;
  return { data: readSync(t), strides: contiguousStrides(t.shape), offset: 0, read };
}

/** The indices of a dim that are shown: all of them, or the edges around a null marking "...". */
function shownIndices(size: number, summarize: boolean): (number | null)[] {
  const edge = opts.edgeitems;
  if (!summarize || size <= 2 * edge) return Array.from({ length: size }, (_, i) => i);
  const head = Array.from({ length: edge }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => size - edge + i);
  return [...head, null, ...tail];
}

// ---------------------------------------------------------------------------------------------
// The formatter (PyTorch's _Formatter).

class Formatter {
  private intMode = true;
  private sciMode = false;
  private maxWidth = 1;

  constructor(
    private readonly floating: boolean,
    values: readonly Element[],
  ) {
    if (!floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, plainString(v).length);
      return;
    }
    const finite = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    if (finite.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    this.intMode = finite.every((v) => v === Math.ceil(v));
    this.sciMode = opts.sci_mode ?? (max / min > 1000 || max > 1e8 || min < 1e-4);
    for (const v of finite) {
      // In integer mode a '.' follows each value to mark the dtype as floating.
      let width: number;
      if (this.sciMode) width = pyExp(v, opts.precision).length;
      else if (this.intMode) width = pyFixed(v, 0).length + 1;
      else width = pyFixed(v, opts.precision).length;
      this.maxWidth = Math.max(this.maxWidth, width);
    }
  }

  get width(): number {
    return this.maxWidth;
  }

  format(v: Element): string {
    let s: string;
    if (!this.floating) s = plainString(v);
    else if (this.sciMode) s = pyExp(v as number, opts.precision);
    else if (this.intMode) s = pyFixed(v as number, 0) + (Number.isFinite(v) ? '.' : '');
    else s = pyFixed(v as number, opts.precision);
    return s.padStart(this.maxWidth);
  }
}

/** Python's str() of an int or bool element. */
function plainString(v: Element): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v.toString();
}

/**
 * A complex element as PyTorch prints it: the real part by a formatter of all real parts, then the
 * imaginary part by one of all imaginary parts, stripped of its padding, with its sign and a j.
 */
class ComplexFormatter {
  private readonly real: Formatter;
  private readonly imag: Formatter;

  constructor(values: readonly Element[]) {
    this.real = new Formatter(true, values.map((v) => (v as Complex).re));
    this.imag = new Formatter(true, values.map((v) => (v as Complex).im));
  }

  /** PyTorch's element length less the 2 for ', ': both widths and the j. */
  get width(): number {
    return this.real.width + this.imag.width + 1;
  }

  format(v: Element): string {
    const c = v as Complex;
    const imag = `${this.imag.format(c.im)}j`.trimStart();
    return this.real.format(c.re) + (imag[0] === '+' || imag[0] === '-' ? imag : `+${imag}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Layout.

function tensorBody(t: Tensor, src: Source, indent: number): string {
  const summarize = t.numel() > opts.threshold;
  const shape = t.shape;
  const ndim = shape.length;
  const shown = shape.map((s) => shownIndices(s, summarize));

  // The formatter sees exactly the elements that are printed (PyTorch's get_summarized_data).
  const values: Element[] = [];
  const collect = (d: number, offset: number): void => {
    if (d === ndim) {
      values.push(src.read(src.data, offset));
      return;
    }
    for (const i of shown[d]!) if (i !== null) collect(d + 1, offset + i * src.strides[d]!);
  };
  if (!(summarize && opts.edgeitems === 0)) collect(0, src.offset);
  // NOTE: PyTorch leaves out elements that equal 0 in the tensor's dtype: for e8m0, whose 0 converts to 2^-127, those.
  const measured = t.dtype === 'float8_e8m0fnu' ? values.filter((v) => v !== 2 ** -127) : values;
  const formatter = isComplex(t.dtype) ? new ComplexFormatter(values) : new Formatter(isFloating(t.dtype), measured);

  const vector = (offset: number, ind: number): string => {
    const stride = src.strides[ndim - 1]!;
    const items =
      summarize && opts.edgeitems === 0
        ? ['...']
        : shown[ndim - 1]!.map((i) => (i === null ? ' ...' : formatter.format(src.read(src.data, offset + i * stride))));
    const perLine = Math.max(1, Math.floor((opts.linewidth - ind) / (formatter.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(ind + 1)}`)}]`;
  };

  const nested = (d: number, offset: number, ind: number): string => {
    if (d === ndim - 1) return vector(offset, ind);
    const parts =
      summarize && opts.edgeitems === 0
        ? ['...']
        : shown[d]!.map((i) => (i === null ? '...' : nested(d + 1, offset + i * src.strides[d]!, ind + 1)));
    return `[${parts.join(`,${'\n'.repeat(ndim - d - 1)}${' '.repeat(ind + 1)}`)}]`;
  };

  if (ndim === 0) return formatter.format(src.read(src.data, src.offset));
  return nested(0, src.offset, indent);
}

/** A Python tuple of sizes: (2, 3), (5,), (). */
function sizeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * PyTorch's _add_suffixes: each suffix goes on the last line unless it would pass linewidth (or,
 * with `forceNewline`, the first suffix starts a new line, as for sparse COO tensors).
 */
function addSuffixes(body: string, suffixes: readonly string[], indent: number, forceNewline = false): string {
  // NOTE: PyTorch measures the last line as len - rfind('\n') + 1, which counts two characters
  // too many when there is no newline (rfind gives -1); the same count is kept here.
  let lastLine = body.length - body.lastIndexOf('\n') + 1;
  let out = body;
  let force = forceNewline;
  for (const suffix of suffixes) {
    if (force || lastLine + suffix.length + 2 > opts.linewidth) {
      force = false;
      out += `,\n${' '.repeat(indent)}${suffix}`;
      lastLine = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lastLine += suffix.length + 2;
    }
  }
  return `${out})`;
}

function gradFnName(gradFn: unknown): string | null {
  if (gradFn === null || typeof gradFn !== 'object') return null;
  const name = (gradFn as { name?: unknown }).name;
  return typeof name === 'function' ? String(name.call(gradFn)) : null;
}

/** repr(t), as PyTorch prints it (the internal form of torch.format). */
export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  if (t.device !== 'cpu') suffixes.push(`device='${t.device}'`);
  const defaultDtype = get_default_dtype();
  let body: string;
  const src = numel(t.shape) === 0 ? null : sourceOf(t);
  if (numel(t.shape) === 0) {
    // The shape is printed unless it is (0,), and any dtype but the default float one (int64 and
    // bool included), since no value can show it.
    if (t.ndim !== 1) suffixes.push(`size=${sizeTuple(t.shape)}`);
    if (t.dtype !== defaultDtype) suffixes.push(`dtype=${reprName(t.dtype)}`);
    body = '[]';
  } else if (src === null) {
    // A device that cannot be read synchronously prints as PyTorch prints a meta tensor.
    suffixes.push(`size=${sizeTuple(t.shape)}`);
    if (t.dtype !== defaultDtype) suffixes.push(`dtype=${reprName(t.dtype)}`);
    body = '...';
  } else {
    if (opts.edgeitems === 0) suffixes.push(`size=${sizeTuple(t.shape)}`);
    const defaultComplex = defaultDtype === 'float64' ? 'complex128' : 'complex64';
    const hasDefaultDtype = t.dtype === defaultDtype || t.dtype === defaultComplex || t.dtype === 'int64' || t.dtype === 'bool';
    if (!hasDefaultDtype) suffixes.push(`dtype=${reprName(t.dtype)}`);
    body = tensorBody(t, src, indent);
  }
  const gradFn = gradFnName(t.grad_fn);
  if (gradFn !== null) suffixes.push(`grad_fn=<${gradFn}>`);
  else if (t.requires_grad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}

// ---------------------------------------------------------------------------------------------
// Sparse and quantized tensors (torch/_tensor_str.py's branches for them).

/** A tensor's body as PyTorch's _tensor_str gives it: no `tensor(`, no suffixes. */
function bodyOf(t: Tensor, indent: number): string {
  if (numel(t.shape) === 0) return '[]';
  const src = sourceOf(t);
  return src === null ? '...' : tensorBody(t, src, indent);
}

/** Whether PyTorch's repr leaves a dtype unsaid (the default float dtype, int64, bool). */
export const hasDefaultDtype = (d: DType): boolean => d === get_default_dtype() || d === 'int64' || d === 'bool';

/** Python's repr(float): shortest round trip, exponent below 1e-4 and from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const plain = String(x);
  return plain.includes('.') ? plain : `${plain}.0`;
}

/**
 * The repr of a tensor made of named parts (sparse layouts): `tensor(name=tensor(body),` one part
 * per line, then the suffixes. An empty part also shows its size, as PyTorch's does.
 */
export function formatParts(parts: readonly (readonly [string, Tensor])[], suffixes: readonly string[], forceNewline: boolean): string {
  const indent = 'tensor('.length;
  const lines = parts.map(([name, t]) => {
    const prefix = `${name}=tensor(`;
    const size = numel(t.shape) === 0 ? `, size=${sizeTuple(t.shape)}` : '';
    return `${prefix}${bodyOf(t, indent + prefix.length)}${size})`;
  });
  return addSuffixes(`tensor(${lines.join(`,\n${' '.repeat(indent)}`)}`, suffixes, indent, forceNewline);
}

/** The repr of a tensor shown through other values (a quantized tensor's dequantized ones). */
export function formatShown(shown: Tensor, suffixes: readonly string[]): string {
  const indent = 'tensor('.length;
  return addSuffixes(`tensor(${bodyOf(shown, indent)}`, suffixes, indent);
}

/** A shape as a Python tuple: (2, 3), (5,), (). */
export const shapeTuple = sizeTuple;
