// Walks a loaded checkpoint (dicts as Map, lists and tuples as arrays) depth first, in the
// file's order, with an explicit stack instead of recursion, and bounds the walk by the file:
// - a container met a second time (pickle's memo lets 2 KB share dicts into 10^9 paths) is
//   yielded once more with `sameAs`, never walked again;
// - a container met inside itself is a cycle: a CheckpointError;
// - nesting deeper than MAX_DEPTH is a CheckpointError (torch.save's pickler recurses, and stops
//   near 500 levels);
// - the paths (and strings) yielded may not add up to more than `maxText` characters, since
//   memoised keys and strings repeat for free too.
import { CheckpointError } from '@wick/serialize';

const MAX_DEPTH = 1000;

export interface Entry {
  /** Keys from the root, joined with '.' ('' for the root itself). */
  path: string;
  /** 0 for the root, 1 for its entries, and so on. */
  level: number;
  value: unknown;
  /** A dict, list or tuple met before: where it was first met. Its entries are not walked again. */
  sameAs?: string;
}

function keyText(k: unknown): string {
  return typeof k === 'string' ? k : Array.isArray(k) ? `(${k.map(String).join(', ')})` : String(k);
}

/** What Python called a container, for messages; null for anything else. */
function containerKind(value: unknown): 'dict' | 'list' | 'tuple' | null {
  if (value instanceof Map) return 'dict';
  if (Array.isArray(value)) return Object.isFrozen(value) ? 'tuple' : 'list';
  return null;
}

function* entriesOf(value: Map<unknown, unknown> | unknown[]): Generator<[string, unknown]> {
  if (value instanceof Map) {
    for (const [k, v] of value) yield [keyText(k), v];
  } else {
    for (let i = 0; i < value.length; i++) yield [String(i), value[i]];
  }
}

/** A path for a message: its start, when it is too long to print. */
export function shortPath(path: string): string {
  return path === '' ? '<root>' : path.length <= 100 ? path : `${path.slice(0, 100)}… (${path.length} characters)`;
}

interface Frame {
  container: object;
  path: string;
  level: number;
  entries: Iterator<[string, unknown]>;
}

export function* walk(root: unknown, maxText: number): Generator<Entry> {
  const firstSeen = new Map<object, string>();
  const open = new Set<object>();
  const stack: Frame[] = [];
  let text = 0;
  let entry: Entry = { path: '', level: 0, value: root };
  for (;;) {
    const { path, level, value } = entry;
    const kind = containerKind(value);
    const container = value as Map<unknown, unknown> | unknown[];
    const size = kind === null ? 0 : container instanceof Map ? container.size : container.length;
    // Empty containers expand to nothing, so meeting one twice costs nothing and is not shared.
    if (size > 0 && open.has(container)) {
      throw new CheckpointError(`'${shortPath(path)}' is the ${kind} at '${shortPath(firstSeen.get(container)!)}' that contains it: a cycle, which a checkpoint of tensors cannot hold`);
    }
    const sameAs = size > 0 ? firstSeen.get(container) : undefined;
    yield sameAs === undefined ? entry : { ...entry, sameAs };
    if (size > 0 && sameAs === undefined) {
      if (level >= MAX_DEPTH) {
        throw new CheckpointError(`nesting deeper than ${MAX_DEPTH} levels at '${shortPath(path)}' (torch.save writes at most about 500)`);
      }
      firstSeen.set(container, path);
      open.add(container);
      stack.push({ container, path, level, entries: entriesOf(container) });
    }
    // The next entry of the innermost container that has one left.
    let next: IteratorResult<[string, unknown]> | undefined;
    while (stack.length > 0) {
      next = stack[stack.length - 1]!.entries.next();
      if (!next.done) break;
      open.delete(stack.pop()!.container);
    }
    if (stack.length === 0) return;
    const parent = stack[stack.length - 1]!;
    const [key, child] = next!.value as [string, unknown];
    const childPath = parent.level === 0 ? key : `${parent.path}.${key}`;
    text += childPath.length + (typeof child === 'string' ? child.length : 0);
    if (text > maxText) {
      throw new CheckpointError(`the key paths and strings of this checkpoint add up to more than ${maxText} characters (at '${shortPath(childPath)}'): keys or strings that the file stores once and repeats`);
    }
    entry = { path: childPath, level: parent.level + 1, value: child };
  }
}
