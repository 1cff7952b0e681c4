// Reading one node's decoded arguments (AtenArgs) by their schema names, with the schema's
// defaults for absent ones; a value of the wrong kind is an ExportError naming the op and argument.
import { type DType, type Tensor, isDType, is_tensor } from '@wick/tensor';
import { ExportError } from '../errors.js';
import type { AtenArgs, AtenValue } from './types.js';

const describe = (v: AtenValue | undefined): string =>
  v === undefined ? 'nothing' : v === null ? 'None' : is_tensor(v) ? 'a Tensor' : Array.isArray(v) ? 'a list' : `${typeof v} ${String(v)}`;

/** One call's arguments: typed getters that apply the schema's default when the node omits one. */
export class Args {
  constructor(readonly op: string, private readonly values: AtenArgs) {}

  /** The error for an argument value wick cannot honour (or the graph got wrong). */
  refuse(name: string, expected: string): ExportError {
    return new ExportError(`${this.op}: argument '${name}' expected ${expected}, but got ${describe(this.values[name])}`);
  }

  private get(name: string): AtenValue | undefined {
    return this.values[name];
  }

  tensor(name: string): Tensor {
    const v = this.get(name);
    if (v === undefined || v === null || !is_tensor(v)) throw this.refuse(name, 'a Tensor');
    return v as Tensor;
  }

  /** `Tensor?`: absent means None. */
  optTensor(name: string): Tensor | null {
    const v = this.get(name);
    return v === undefined || v === null ? null : this.tensor(name);
  }

  tensors(name: string): Tensor[] {
    const v = this.get(name);
    if (!Array.isArray(v) || !v.every((t) => is_tensor(t))) throw this.refuse(name, 'a list of Tensors');
    return v as Tensor[];
  }

  /** `Tensor?[]` (advanced indices): None entries stay null. */
  optTensors(name: string): (Tensor | null)[] {
    const v = this.get(name);
    if (!Array.isArray(v) || !v.every((t) => t === null || is_tensor(t))) throw this.refuse(name, 'a list of Tensors and Nones');
    return v as (Tensor | null)[];
  }

  int(name: string, fallback?: number): number {
    const v = this.get(name) ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.refuse(name, 'an int');
    return v;
  }

  optInt(name: string): number | null {
    const v = this.get(name);
    return v === undefined || v === null ? null : this.int(name);
  }

  /** `int[]` / `SymInt[]` (`int[1]` also takes a single int, as the schema's list-of-N does). */
  ints(name: string, fallback?: readonly number[]): number[] {
    const v = this.get(name) ?? fallback;
    const list = typeof v === 'number' ? [v] : v;
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'number' && Number.isInteger(x))) throw this.refuse(name, 'a list of ints');
    return list as number[];
  }

  optInts(name: string): number[] | null {
    const v = this.get(name);
    return v === undefined || v === null ? null : this.ints(name);
  }

  float(name: string, fallback?: number): number {
    const v = this.get(name) ?? fallback;
    if (typeof v !== 'number') throw this.refuse(name, 'a float');
    return v;
  }

  optFloat(name: string): number | null {
    const v = this.get(name);
    return v === undefined || v === null ? null : this.float(name);
  }

  /** `float[]?`: absent or None gives null. */
  optFloats(name: string): number[] | null {
    const v = this.get(name);
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw this.refuse(name, 'a list of floats');
    return v as number[];
  }

  bool(name: string, fallback?: boolean): boolean {
    const v = this.get(name) ?? fallback;
    if (typeof v !== 'boolean') throw this.refuse(name, 'a bool');
    return v;
  }

  /** `bool?`: absent or None gives null. */
  optBool(name: string): boolean | null {
    const v = this.get(name);
    return v === undefined || v === null ? null : this.bool(name);
  }

  /** `Scalar`: a number or a bool. */
  scalar(name: string, fallback?: number): number | boolean {
    const v = this.get(name) ?? fallback;
    if (typeof v !== 'number' && typeof v !== 'boolean') throw this.refuse(name, 'a Scalar (number or bool)');
    return v;
  }

  /** A `Scalar` that must be a number (arange's bounds). */
  number(name: string, fallback?: number): number {
    const v = this.get(name) ?? fallback;
    if (typeof v !== 'number') throw this.refuse(name, 'a number');
    return v;
  }

  /** `Tensor other` where the graph may also hold a Python number (`add.Tensor(b, 1)`). */
  tensorOrScalar(name: string): Tensor | number | boolean {
    const v = this.get(name);
    return typeof v === 'number' || typeof v === 'boolean' ? v : this.tensor(name);
  }

  str(name: string, fallback?: string): string {
    const v = this.get(name) ?? fallback;
    if (typeof v !== 'string') throw this.refuse(name, 'a str');
    return v;
  }

  /** A `str` argument that takes one of a few values (gelu's approximate). */
  choice<const T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.str(name, fallback);
    if (!(choices as readonly string[]).includes(v)) throw this.refuse(name, `one of ${choices.map((c) => `'${c}'`).join(', ')}`);
    return v as T;
  }

  /** `ScalarType?`: a wick dtype name, or null. */
  dtype(name: string): DType | null {
    const v = this.get(name);
    if (v === undefined || v === null) return null;
    if (!isDType(v)) throw this.refuse(name, 'a dtype');
    return v;
  }

  /** `Device?`: passed on to wick as PyTorch names it ('cpu', 'cuda:0'), or null. */
  device(name: string): string | null {
    const v = this.get(name);
    return v === undefined || v === null ? null : this.str(name);
  }

  /** `Layout?`: wick's tensors are strided, so only torch.strided (or None) is honoured. */
  strided(name: string): void {
    const v = this.get(name);
    if (v !== undefined && v !== null && v !== 'strided') throw this.refuse(name, 'torch.strided (wick creates strided tensors only)');
  }

  /** `bool? pin_memory`: wick has no pinned memory, so only False or None is honoured. */
  unpinned(name: string): void {
    if (this.optBool(name) === true) throw this.refuse(name, 'False (wick has no pinned memory)');
  }

  /** `MemoryFormat?` as wick names it ('contiguous_format'), or null. */
  memoryFormat(name: string): 'contiguous_format' | 'preserve_format' | null {
    const v = this.get(name);
    if (v === undefined || v === null) return null;
    if (v === 'contiguous_format' || v === 'preserve_format') return v;
    throw this.refuse(name, 'torch.contiguous_format or torch.preserve_format (wick keeps no channels_last layout)');
  }
}

/** An op entry written against Args; index.ts binds each to its name. */
export type AtenImpl = (a: Args) => AtenValue;

/** A group of entries, keyed by overload name (`'aten.linear.default'`). */
export type AtenGroup = Readonly<Record<string, AtenImpl>>;

/** The `int reduction` of the loss schemas (at::Reduction): 0 none, 1 mean, 2 sum. */
export function reductionName(a: Args, fallback = 1): 'none' | 'mean' | 'sum' {
  const names = ['none', 'mean', 'sum'] as const;
  const r = a.int('reduction', fallback);
  const name = names[r];
  if (name === undefined) throw a.refuse('reduction', '0 (none), 1 (mean) or 2 (sum)');
  return name;
}
