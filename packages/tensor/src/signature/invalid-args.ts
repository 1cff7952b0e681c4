import { pyTypeName } from './arg-types.js';

/**
 * PyTorch's "received an invalid combination of arguments" message, reproduced rule for rule
 * (torch/csrc/utils/invalid_arguments.cpp) so that wick's words are PyTorch's, quirks included:
 *
 * - The given arguments print as their Python type names, keywords after the positional ones in
 *   the reverse of the order given (PyTorch's unordered_map), and a keywords-only list keeps its
 *   trailing ", " ("got (dim=float, )").
 * - Each listed overload is re-read from its printed form: split on ", ", every piece one
 *   argument whose type is the text before its last space ("torch.dtype dtype = None" has the
 *   "type" "torch.dtype dtype =", and "()" has one empty argument). An overload whose argument
 *   count equals the count given is explained: keywords it does not have among its last ones
 *   ("some of the keywords were incorrect"), else each argument marked !bad! when its Python type
 *   name is not the printed type ("int" also takes nothing but int, "float" an int too).
 * - With one overload listed, an unknown keyword is "got unrecognized keyword arguments: ...".
 */
export function invalidCombination(
  name: string,
  options: readonly string[],
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
): string {
  const keywords = Object.entries(kwargs).reverse();
  const head = `${name}() received an invalid combination of arguments - `;
  if (options.length === 1) {
    const option = parseOption(options[0]!);
    const unmatched = unmatchedKeywords(option, keywords);
    if (unmatched.length > 0) return `${head}got unrecognized keyword arguments: ${unmatched.join(', ')}`;
    const got = countMatches(option, args, keywords) ? markedTypes(option, args, keywords) : plainTypes(args, keywords);
    return `${head}got ${got}, but expected ${options[0]}`;
  }
  const lines = options.map((text) => {
    const option = parseOption(text);
    if (!countMatches(option, args, keywords)) return ` * ${text}\n`;
    const unmatched = unmatchedKeywords(option, keywords);
    const why =
      unmatched.length > 0
        ? `some of the keywords were incorrect: ${unmatched.join(', ')}`
        : `some of the arguments have invalid types: ${markedTypes(option, args, keywords)}`;
    return ` * ${text}\n      didn't match because ${why}\n`;
  });
  return `${head}got ${plainTypes(args, keywords)}, but expected one of:\n${lines.join('')}`;
}

interface Argument {
  readonly name: string;
  readonly type: string;
}

/** An overload as PyTorch re-reads it from its printed form "(T a, U b = 1, ...)". */
function parseOption(text: string): Argument[] {
  return text
    .slice(1, -1)
    .split(', ')
    .map((piece) => {
      const space = piece.lastIndexOf(' ');
      return { name: piece.slice(space + 1), type: space < 0 ? piece : piece.slice(0, space) };
    });
}

type Keyword = readonly [string, unknown];

function countMatches(option: readonly Argument[], args: readonly unknown[], keywords: readonly Keyword[]): boolean {
  return option.length === args.length + keywords.length;
}

/** The keywords not among the option's last arguments (as many as there are keywords). */
function unmatchedKeywords(option: readonly Argument[], keywords: readonly Keyword[]): string[] {
  const last = option.slice(Math.max(option.length - keywords.length, 0)).map((a) => a.name);
  return keywords.map(([k]) => k).filter((k) => !last.includes(k));
}

function plainTypes(args: readonly unknown[], keywords: readonly Keyword[]): string {
  const parts = [...args.map((a) => `${pyTypeName(a)}, `), ...keywords.map(([k, v]) => `${k}=${pyTypeName(v)}, `)];
  return closeList(parts.join(''), args.length > 0);
}

/** Each argument's type, marked !...! where it is not the option's printed type. */
function markedTypes(option: readonly Argument[], args: readonly unknown[], keywords: readonly Keyword[]): string {
  let out = '';
  const total = args.length + keywords.length;
  for (let i = 0; i < total; i++) {
    const keyword = i >= args.length;
    // NOTE: PyTorch takes the i-th keyword's value by the i-th argument's name, not by its own.
    const value = keyword ? Object.fromEntries(keywords)[option[i]!.name] : args[i];
    const label = `${keyword ? `${option[i]!.name}=` : ''}${typeText(value)}`;
    out += typeMatches(option[i]!.type, value) ? `${label}, ` : `!${label}!, `;
  }
  return closeList(out, args.length > 0);
}

/** A list's trailing ", " is dropped only when positional arguments were given. */
const closeList = (text: string, positional: boolean): string => `(${positional ? text.slice(0, -2) : text})`;

function typeText(value: unknown): string {
  if (!Array.isArray(value)) return pyTypeName(value);
  return `list of [${value.map(pyTypeName).join(', ')}]`;
}

function typeMatches(type: string, value: unknown): boolean {
  const name = pyTypeName(value);
  if (type === 'float') return name === 'float' || name === 'int';
  return name === type;
}
