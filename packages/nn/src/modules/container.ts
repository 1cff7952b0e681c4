import { IndexError, NO_MATCH, type PyArgs, type Tensor, ValueError, defineArgType, isPlainObject } from '@wick/tensor';
import { KeyError, ModuleTypeError } from '../errors.js';
import { Module, addModule, indent } from '../module.js';
import { method } from '../signatures.js';
import { typeName } from '../type-name.js';

/** What ModuleDict takes: a Map, a ModuleDict, a plain object of modules, or [key, module] pairs. */
export type ModuleMapping = ReadonlyMap<string, Module> | ModuleDict | Readonly<Record<string, Module>> | Iterable<readonly [string, Module]>;

// NOTE: `new ModuleDict({ a: relu })` is JS's form of ModuleDict({'a': relu}): a trailing plain
// object that names no parameter is tried as this dict, and a plain object counts as one only
// when all its values are modules (so that a misspelled option is still reported as such).
defineArgType('dict[str,Module]', {
  label: 'dict of Modules',
  coerce: (v) => {
    if (isPlainObject(v)) return Object.values(v).every((m) => m instanceof Module) ? v : NO_MATCH;
    return v === undefined ? NO_MATCH : v;
  },
});

/** Python's operator.index then _get_item_by_idx's range check: the index into n entries. */
function checkIndex(idx: number, n: number): number {
  if (!(-n <= idx && idx < n)) throw new IndexError(`index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

/** The registered children in order (container entries are never null). */
function entries(m: Module): Module[] {
  return [...m._modules.values()].filter((x): x is Module => x !== null);
}

/** Registers `list` again as '0', '1', ... (PyTorch renumbers after a deletion). */
function renumber(m: Module, list: readonly Module[]): void {
  for (const key of [...m._modules.keys()]) Reflect.deleteProperty(m, key);
  list.forEach((mod, i) => addModule(m, String(i), mod));
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return v !== null && v !== undefined && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

const seqSig = {
  init: method('Sequential.__init__(Value *args)', {
    leftOut: "PyTorch's typing overload Sequential(arg: OrderedDict) is the one-argument case of *args: "
      + 'wick takes a Map there, told apart in the body as PyTorch tells an OrderedDict apart',
  }),
  forward: method('Sequential.forward(Value input)'),
  append: method('Sequential.append(Value module)'),
  extend: method('Sequential.extend(Value sequential)'),
  insert: method('Sequential.insert(int index, Value module)'),
  pop: method('Sequential.pop(int key)'),
  at: method('Sequential.at(int idx)', { differs: "wick's form of PyTorch's seq[idx] (Sequential.__getitem__ with an int)" }),
};

/**
 * Runs its modules in order, each called on the previous one's output (hooks included). Built
 * from modules, or from a Map of names to modules (PyTorch's OrderedDict form). `seq[i]` works for
 * i >= 0 (children are plain properties named '0', '1', ...); `at(i)` also takes negative indices.
 */
export class Sequential extends Module {
  constructor(...args: Module[] | [ReadonlyMap<string, Module>]) {
    super();
    const modules: unknown[] = seqSig.init.bind(args).args;
    const first = modules[0];
    if (modules.length === 1 && first instanceof Map) {
      for (const [name, m] of first) addModule(this, name, m);
    } else {
      modules.forEach((m, i) => addModule(this, String(i), m));
    }
  }

  // NOTE: typed Tensor to Tensor, the common case; like PyTorch's it passes on whatever each
  // module returns (an LSTM's [output, state], say).
  override forward(...args: PyArgs<[input: Tensor], { input?: Tensor }>): Tensor {
    let x: unknown = seqSig.forward.bind(args).input;
    for (const m of entries(this)) x = m(x);
    return x as Tensor;
  }

  at(...args: PyArgs<[idx: number], { idx?: number }>): Module {
    const { idx } = seqSig.at.bind(args);
    return entries(this)[checkIndex(idx, this._modules.size)]!;
  }

  override get length(): number {
    return this._modules.size;
  }

  append(...args: PyArgs<[module: Module], { module?: Module }>): this {
    const { module } = seqSig.append.bind(args);
    addModule(this, String(this._modules.size), module);
    return this;
  }

  extend(...args: PyArgs<[sequential: Iterable<Module>], { sequential?: Iterable<Module> }>): this {
    const { sequential } = seqSig.extend.bind(args);
    if (!isIterable(sequential)) throw new ModuleTypeError(`'${typeName(sequential)}' object is not iterable`);
    for (const m of [...sequential]) addModule(this, String(this._modules.size), m);
    return this;
  }

  /** Inserts before index (-len..len), renumbering the rest. */
  insert(...args: PyArgs<[index: number, module: Module], { index?: number; module?: Module }>): this {
    const { index, module } = seqSig.insert.bind(args);
    if (!(module instanceof Module)) throw new ValueError("module should be of type: <class 'torch.nn.modules.module.Module'>", 'AssertionError');
    const list = entries(this);
    const n = list.length;
    if (!(-n <= index && index <= n)) throw new IndexError(`Index out of range: ${index}`);
    list.splice(index < 0 ? index + n : index, 0, module);
    renumber(this, list);
    return this;
  }

  /** Removes and returns the module at key, renumbering the rest. */
  pop(...args: PyArgs<[key: number], { key?: number }>): Module {
    const { key } = seqSig.pop.bind(args);
    const list = entries(this);
    const [removed] = list.splice(checkIndex(key, list.length), 1);
    renumber(this, list);
    return removed!;
  }

  [Symbol.iterator](): Iterator<Module> {
    return entries(this)[Symbol.iterator]();
  }
}

const listSig = {
  init: method('ModuleList.__init__(Value? modules=None)'),
  append: method('ModuleList.append(Value module)'),
  extend: method('ModuleList.extend(Value modules)'),
  insert: method('ModuleList.insert(int index, Value module)'),
  pop: method('ModuleList.pop(int key)'),
  at: method('ModuleList.at(int idx)', { differs: "wick's form of PyTorch's list[idx] (ModuleList.__getitem__ with an int)" }),
};

/** ModuleList.extend: PyTorch's iterable check, then each module registered in turn. */
function extendList(list: ModuleList, modules: unknown): void {
  if (!isIterable(modules) || typeof modules === 'string') {
    throw new ModuleTypeError(`ModuleList.extend should be called with an iterable, but got ${typeName(modules)}`);
  }
  const offset = list._modules.size;
  [...modules].forEach((m, i) => addModule(list, String(offset + i), m));
}

/** A list of modules, registered as children '0', '1', ...; it has no forward. */
export class ModuleList extends Module {
  constructor(...args: PyArgs<[modules?: Iterable<Module> | null], { modules?: Iterable<Module> | null }>) {
    super();
    const { modules } = listSig.init.bind(args);
    if (modules !== null) extendList(this, modules);
  }

  at(...args: PyArgs<[idx: number], { idx?: number }>): Module {
    const { idx } = listSig.at.bind(args);
    return entries(this)[checkIndex(idx, this._modules.size)]!;
  }

  override get length(): number {
    return this._modules.size;
  }

  append(...args: PyArgs<[module: Module], { module?: Module }>): this {
    const { module } = listSig.append.bind(args);
    addModule(this, String(this._modules.size), module);
    return this;
  }

  extend(...args: PyArgs<[modules: Iterable<Module>], { modules?: Iterable<Module> }>): this {
    extendList(this, listSig.extend.bind(args).modules);
    return this;
  }

  /**
   * Inserts before index, renumbering the rest. NOTE: an index past either end inserts at that
   * end, as Python's list.insert does (PyTorch's own moves no entries then and registers the
   * module under that number, leaving a gap in the numbering).
   */
  insert(...args: PyArgs<[index: number, module: Module], { index?: number; module?: Module }>): void {
    const { index, module } = listSig.insert.bind(args);
    if (!(module instanceof Module)) throw new ModuleTypeError(`${typeName(module)} is not a Module subclass`);
    const list = entries(this);
    const at = Math.max(0, Math.min(index < 0 ? index + list.length : index, list.length));
    list.splice(at, 0, module);
    renumber(this, list);
  }

  /** Removes and returns the module at key (PyTorch's `del l[i]`), renumbering the rest. */
  pop(...args: PyArgs<[key: number], { key?: number }>): Module {
    const { key } = listSig.pop.bind(args);
    const list = entries(this);
    const [removed] = list.splice(checkIndex(key, list.length), 1);
    renumber(this, list);
    return removed!;
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

const dictSig = {
  init: method('ModuleDict.__init__(dict[str,Module]? modules=None)'),
  update: method('ModuleDict.update(dict[str,Module] modules)'),
  clear: method('ModuleDict.clear()'),
  pop: method('ModuleDict.pop(str key)'),
  keys: method('ModuleDict.keys()'),
  items: method('ModuleDict.items()'),
  values: method('ModuleDict.values()'),
  get: method('ModuleDict.get(str key)', { differs: "wick's form of PyTorch's md[key] (ModuleDict.__getitem__)" }),
  set: method('ModuleDict.set(str key, Value module)', { differs: "wick's form of PyTorch's md[key] = module (ModuleDict.__setitem__)" }),
  has: method('ModuleDict.has(str key)', { differs: "wick's form of PyTorch's key in md (ModuleDict.__contains__)" }),
};

/** ModuleDict.update: PyTorch's checks and order, for each kind of mapping or sequence of pairs. */
function updateDict(dict: ModuleDict, modules: unknown): void {
  if (modules instanceof ModuleDict) {
    for (const [k, m] of modules.items()) addModule(dict, k, m);
    return;
  }
  if (modules instanceof Map) {
    for (const [k, m] of modules) addModule(dict, k, m);
    return;
  }
  if (isPlainObject(modules)) {
    for (const [k, m] of Object.entries(modules)) addModule(dict, k, m);
    return;
  }
  if (!isIterable(modules)) {
    throw new ModuleTypeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${typeName(modules)}`);
  }
  [...modules].forEach((pair, j) => {
    if (!Array.isArray(pair)) throw new ModuleTypeError(`ModuleDict update sequence element #${j} should be Iterable; is${typeName(pair)}`);
    if (pair.length !== 2) throw new ValueError(`ModuleDict update sequence element #${j} has length ${pair.length}; 2 is required`, 'ValueError');
    addModule(dict, pair[0], pair[1]);
  });
}

/** An ordered map of names to modules, each registered as a child under its name. */
export class ModuleDict extends Module {
  constructor(...args: PyArgs<[modules?: ModuleMapping | null], { modules?: ModuleMapping | null }>) {
    super();
    const { modules } = dictSig.init.bind(args);
    if (modules !== null) updateDict(this, modules);
  }

  get(...args: PyArgs<[key: string], { key?: string }>): Module {
    const { key } = dictSig.get.bind(args);
    return lookup(this, key);
  }

  set(...args: PyArgs<[key: string, module: Module], { key?: string; module?: Module }>): void {
    const { key, module } = dictSig.set.bind(args);
    addModule(this, key, module);
  }

  has(...args: PyArgs<[key: string], { key?: string }>): boolean {
    const { key } = dictSig.has.bind(args);
    return this._modules.has(key);
  }

  /** Removes every module. */
  clear(...args: []): void {
    dictSig.clear.bind(args);
    for (const key of [...this._modules.keys()]) Reflect.deleteProperty(this, key);
  }

  /** Removes and returns the module under key. */
  pop(...args: PyArgs<[key: string], { key?: string }>): Module {
    const { key } = dictSig.pop.bind(args);
    const m = lookup(this, key);
    Reflect.deleteProperty(this, key);
    return m;
  }

  keys(...args: []): string[] {
    dictSig.keys.bind(args);
    return [...this._modules.keys()];
  }

  values(...args: []): Module[] {
    dictSig.values.bind(args);
    return entries(this);
  }

  items(...args: []): [string, Module][] {
    dictSig.items.bind(args);
    return [...this._modules.keys()].map((k) => [k, lookup(this, k)]);
  }

  override get length(): number {
    return this._modules.size;
  }

  /** Adds (or replaces) the modules of a mapping or of [key, module] pairs, in their order. */
  update(...args: PyArgs<[modules: ModuleMapping], { modules?: ModuleMapping }>): void {
    updateDict(this, dictSig.update.bind(args).modules);
  }
}

function lookup(dict: ModuleDict, key: string): Module {
  const m = dict._modules.get(key);
  if (m === undefined || m === null) throw new KeyError(key);
  return m;
}
