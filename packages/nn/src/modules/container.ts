import { IndexError, Tensor } from '@wick/tensor';
import { KeyError } from '../errors.js';
import { Module, indent } from '../module.js';

function checkIndex(idx: number, n: number): number {
  const i = idx < 0 ? idx + n : idx;
  if (!Number.isInteger(idx) || i < 0 || i >= n) throw new IndexError(`index ${idx} is out of range`);
  return i;
}

/** The registered children in order (container entries are never null). */
function entries(m: Module): Module[] {
  return [...m._modules.values()].filter((x): x is Module => x !== null);
}

/**
 * Runs its modules in order, each on the previous one's output. Built from modules, or from a
 * Map of names to modules (PyTorch's OrderedDict form). `seq[i]` works for i >= 0 (children are
 * plain properties named '0', '1', ...); `at(i)` also takes negative indices.
 */
export class Sequential extends Module {
  constructor(...args: Module[] | [ReadonlyMap<string, Module>]) {
    super();
    const first = args[0];
    if (args.length === 1 && first instanceof Map) {
      for (const [name, m] of first) this.add_module(name, m);
    } else {
      args.forEach((m, i) => this.add_module(String(i), m as Module));
    }
  }

  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of entries(this)) x = m.forward(x);
    // A Sequential of modules that map tensors to tensors (the only kind PyTorch chains).
    if (!(x instanceof Tensor)) throw new TypeError('Sequential: a module returned something other than a Tensor');
    return x;
  }

  at(idx: number): Module {
    return entries(this)[checkIndex(idx, this._modules.size)]!;
  }

  override get length(): number {
    return this._modules.size;
  }

  append(module: Module): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return entries(this)[Symbol.iterator]();
  }
}

/** A list of modules, registered as children '0', '1', ...; it has no forward. */
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  at(idx: number): Module {
    return entries(this)[checkIndex(idx, this._modules.size)]!;
  }

  override get length(): number {
    return this._modules.size;
  }

  append(module: Module): this {
    this.add_module(String(this._modules.size), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts before index (PyTorch's list.insert), renumbering the rest. */
  insert(index: number, module: Module): void {
    const list = entries(this);
    const at = Math.max(0, Math.min(index < 0 ? index + list.length : index, list.length));
    list.splice(at, 0, module);
    this.renumber(list);
  }

  /** Removes and returns the module at idx (PyTorch's `del l[i]` / pop), renumbering the rest. */
  pop(idx = -1): Module {
    const list = entries(this);
    const [removed] = list.splice(checkIndex(idx, list.length), 1);
    this.renumber(list);
    return removed!;
  }

  private renumber(list: readonly Module[]): void {
    for (const key of [...this._modules.keys()]) Reflect.deleteProperty(this, key);
    list.forEach((m, i) => this.add_module(String(i), m));
  }

  [Symbol.iterator](): Iterator<Module> {
    return entries(this)[Symbol.iterator]();
  }

  /** Runs of identical consecutive reprs print once, as `(0-2): 3 x Linear(...)`. */
  protected override childReprLines(): string[] {
    const keys = [...this._modules.keys()];
    const reprs = entries(this).map((m) => m.toString());
    const lines: string[] = [];
    let start = 0;
    while (start < reprs.length) {
      let end = start;
      while (end + 1 < reprs.length && reprs[end + 1] === reprs[start]) end++;
      const label = end === start ? keys[start]! : `${keys[start]}-${keys[end]}`;
      const body = end === start ? reprs[start]! : `${end - start + 1} x ${reprs[start]}`;
      lines.push(`(${label}): ${indent(body)}`);
      start = end + 1;
    }
    return lines;
  }
}

/** An ordered map of names to modules, each registered as a child under its name. */
export class ModuleDict extends Module {
  constructor(modules?: ReadonlyMap<string, Module> | Readonly<Record<string, Module>>) {
    super();
    if (modules) this.update(modules);
  }

  get(key: string): Module {
    const m = this._modules.get(key);
    if (m === undefined || m === null) throw new KeyError(`'${key}'`);
    return m;
  }

  set(key: string, module: Module): void {
    this.add_module(key, module);
  }

  has(key: string): boolean {
    return this._modules.has(key);
  }

  pop(key: string): Module {
    const m = this.get(key);
    Reflect.deleteProperty(this, key);
    return m;
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): Module[] {
    return entries(this);
  }

  items(): [string, Module][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }

  override get length(): number {
    return this._modules.size;
  }

  update(modules: ReadonlyMap<string, Module> | Readonly<Record<string, Module>>): void {
    const pairs = modules instanceof Map ? [...modules] : Object.entries(modules);
    for (const [k, m] of pairs) this.add_module(k, m);
  }
}
