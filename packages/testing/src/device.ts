import { type DType, type Device, Storage, Tensor, type TypedArray, arrayOver, isDType, itemsize } from '@wick/tensor';
import type { Tolerance } from './compare.js';
import { isEncodedTensor } from './decode.js';
import type { FixtureCase } from './fixtures.js';

/**
 * A device the fixture runners run cases on: inputs are moved there, results read back with
 * `await t.read()`. Cases that need a dtype the device does not hold, or tensors larger than
 * `maxElements`, are skipped and listed in the report.
 */
export interface DeviceUnderTest {
  name: Exclude<Device, 'cpu'>;
  holds: readonly DType[];
  /** The tolerance a case is held to on this device (the fixture's own `c.tol` when absent). */
  tolerance?: (family: string, c: FixtureCase) => Tolerance;
  /** The largest tensor (elements) a case may hold in its inputs or outputs. */
  maxElements?: number;
}

/** The family a fixture file records: 'tensor/unary.msgpack' is 'tensor/unary'. */
export const familyOf = (file: string): string => file.replace(/\.msgpack$/, '');

/** The tolerance of case `c` on `device`: the device's hook, else the fixture's own. */
export function toleranceOn(device: DeviceUnderTest | undefined, family: string, c: FixtureCase): Tolerance {
  return device?.tolerance?.(family, c) ?? c.tol ?? {};
}

/**
 * Why a case cannot run on `device`, or null: a recorded tensor (in `tensors`, searched through
 * lists, maps and view arguments) of a dtype the device does not hold or with too many elements,
 * or a dtype named as an argument (in `named`: `dtype='float64'`, `promote_types`).
 */
export function unheldReason(device: DeviceUnderTest, tensors: unknown[], named: unknown[] = []): string | null {
  let reason: string | null = null;
  const visit = (v: unknown, strings: boolean): void => {
    if (reason !== null) return;
    if (isEncodedTensor(v)) {
      const n = v.shape.reduce((a, b) => a * b, 1);
      if (!device.holds.includes(v.dtype as DType)) reason = `'${device.name}' does not hold ${v.dtype}`;
      else if (device.maxElements !== undefined && n > device.maxElements) reason = `a tensor of more than ${device.maxElements} elements`;
      else visit(v.view ?? [], true);
    } else if (typeof v === 'string') {
      if (strings && isDType(v) && !device.holds.includes(v)) reason = `'${device.name}' does not hold ${v}`;
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, strings);
    } else if (v instanceof Map) {
      for (const x of v.values()) visit(x, strings);
    } else if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
      for (const x of Object.values(v)) visit(x, strings);
    }
  };
  for (const v of named) visit(v, true);
  for (const v of tensors) visit(v, false);
  return reason;
}

/** Moves a CPU tensor to the device (what a device run does to every decoded input). */
export const placeOn = (device: DeviceUnderTest) => (t: Tensor): Tensor => t.to(device.name);

/**
 * Reads device results back as CPU tensors with the same dtype, shape, strides and offset, so the
 * CPU comparators (values and layout) judge them unchanged. Tensors that shared a device storage
 * share one CPU storage, so "is a view of the input" is still visible. One instance per case:
 * every read happens after the call, so all views of one storage see the same memory.
 */
export class HostCopies {
  private readonly storages = new Map<Storage, Storage>();

  async of(v: unknown): Promise<unknown> {
    if (v instanceof Tensor) return this.tensor(v);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) out.push(await this.of(x));
      return out;
    }
    return v;
  }

  async tensor(t: Tensor): Promise<Tensor> {
    if (t.device === 'cpu') return t;
    const logical = rawValues(t.dtype, await t.read());
    let host = this.storages.get(t.storage);
    if (host === undefined) {
      const n = t.storage.length;
      host = Storage.cpu(t.dtype, arrayOver(t.dtype, new ArrayBuffer(n * itemsize(t.dtype)), 0, n));
      this.storages.set(t.storage, host);
    }
    scatter(logical, host.data!, t);
    return new Tensor(host, t.shape, t.strides, t.offset);
  }
}

/** read() widens float16, bfloat16 and float8 to Float32Array; a CPU storage holds their bits. */
function rawValues(dtype: DType, values: TypedArray): TypedArray {
  if (!(values instanceof Float32Array) || dtype === 'float32') return values;
  const wide = new Tensor(Storage.cpu('float32', values), [values.length], [1], 0);
  return wide.to(dtype).storage.data!;
}

/** Writes values in logical order into `dst` at the positions `t`'s strides and offset name. */
function scatter(values: TypedArray, dst: TypedArray, t: Tensor): void {
  const n = t.numel();
  if (n === 0) return;
  const slots = values.length / n;
  const { shape, strides } = t;
  const index = shape.map(() => 0);
  let pos = t.offset;
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < slots; l++) dst[pos * slots + l] = values[i * slots + l]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]!++;
      pos += strides[d]!;
      if (index[d]! < shape[d]!) break;
      pos -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
}

/** Cases a device run left out (or expects to fail), grouped by reason, for the report after the file. */
export class SkipReport {
  private readonly byReason = new Map<string, string[]>();

  constructor(private readonly label = 'skipped on the device') {}

  add(name: string, reason: string): void {
    const names = this.byReason.get(reason) ?? [];
    names.push(name);
    this.byReason.set(reason, names);
  }

  get count(): number {
    let n = 0;
    for (const names of this.byReason.values()) n += names.length;
    return n;
  }

  lines(): string[] {
    return [...this.byReason].map(([reason, names]) => `  ${this.label}, ${reason}: ${names.length} (${names.join(', ')})`);
  }
}

/** The report lines for cases named in `entries` (name -> reason) that are among `cases`, grouped by reason. */
export function groupedLines(label: string, entries: Record<string, string> | undefined, cases: readonly { name: string }[]): string[] {
  const report = new SkipReport(label);
  const names = new Set(cases.map((c) => c.name));
  for (const [name, why] of Object.entries(entries ?? {})) if (names.has(name)) report.add(name, why);
  return report.lines();
}
