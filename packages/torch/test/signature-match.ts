import { type Param, type Signature, parseLiteral } from '@wick/tensor';

/** One parameter as PyTorch declares it: [name, kind, default source or null, annotation]. */
export type RecordedParam = [name: string, kind: RecordedKind, defaultText: string | null, annotation: string];
export type RecordedKind = 'positional' | 'positional_only' | 'keyword_only' | 'var_positional' | 'var_keyword';
export type RecordedOverload = RecordedParam[];

/**
 * Parameters of PyTorch's that wick leaves out of every signature, each with the reason. A
 * signature that omits one of these still matches PyTorch's.
 */
export const omittedEverywhere: Readonly<Record<string, string>> = {
  out: "wick has no out= arguments: every result is a new tensor (or the tensor an in-place method's name says it writes)",
  layout: 'wick has one layout, strided; PyTorch users pass layout only to ask for sparse tensors, which wick does not have',
  pin_memory: 'pinned memory is a CUDA transfer optimisation; wick has no CUDA (torch.utils.data.DataLoader does take it, as PyTorch does, and ignores it with the warning PyTorch gives without an accelerator)',
  names: 'named tensors are not supported',
};

/** PyTorch overloads wick leaves out everywhere: named-tensor forms (a dim given as a name). */
export function isNamedTensorOverload(o: RecordedOverload): boolean {
  return o.some(([name, , , ann]) => /\bDimname\b|EllipsisType|\bstr \| None\b.*\bdim\b/.test(ann) || (name === 'names' && !/None/.test(ann)));
}

const same = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => same(v, b[i]));
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
};

/** Whether two defaults are the same value (Ellipsis, in PyTorch's typing overloads, is any). */
function sameDefault(wick: Param, theirs: string | null): boolean {
  if (!wick.hasDefault || theirs === null) return !wick.hasDefault && theirs === null;
  if (theirs === '...' || theirs === 'Ellipsis') return true;
  const a = parseLiteral(wick.defaultText!);
  const b = parseLiteral(theirs.replace(/^torch\./, ''));
  // A one-element list default stands for its element in an IntArrayRef[N] (stride=1 and (1, 1)).
  if (Array.isArray(a) && !Array.isArray(b)) return a.every((v) => same(v, b));
  return same(a, b);
}

/**
 * Why wick's overload differs from PyTorch's, or null when it has the same parameter names in
 * the same order, the same keyword-only split and the same defaults (leaving out the parameters
 * in omittedEverywhere). A single int-list parameter matches PyTorch's `*size` form too.
 */
export function mismatch(wick: Signature, theirs: RecordedOverload): string | null {
  const ours = wick.params.filter((p) => !p.self);
  const kept = theirs.filter(([name, kind]) => kind !== 'var_keyword' && !(name in omittedEverywhere && !ours.some((p) => p.name === name)));
  if (ours.length !== kept.length) return `${ours.length} parameters, PyTorch ${kept.length}: (${ours.map((p) => p.name).join(', ')}) vs (${kept.map(([n]) => n).join(', ')})`;
  for (let i = 0; i < ours.length; i++) {
    const p = ours[i]!;
    const [name, kind, def] = kept[i]!;
    if (p.name !== name) return `parameter ${i + 1} is '${p.name}', PyTorch's is '${name}'`;
    const theirKwOnly = kind === 'keyword_only';
    const theirVarargs = kind === 'var_positional';
    if (p.kwOnly && !p.varargs && !theirKwOnly) return `'${name}' is keyword-only in wick but not in PyTorch`;
    if (!p.kwOnly && theirKwOnly) return `'${name}' is keyword-only in PyTorch but not in wick`;
    if (p.varargs !== theirVarargs && !(theirVarargs && p.type.intList)) return `'${name}' is ${theirVarargs ? '' : 'not '}*args in PyTorch`;
    if (!theirVarargs && !sameDefault(p, def)) return `'${name}' defaults to ${p.defaultText ?? '(none)'}, PyTorch's to ${def ?? '(none)'}`;
  }
  return null;
}
