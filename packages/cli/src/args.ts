// A command's arguments: node:util's parseArgs splits them into tokens (--name, --name=value,
// -h, and '--' before file names that start with '-'); each option token is then checked against
// the command's options here, so that a mistake is one line in wick's words.
import { parseArgs } from 'node:util';

/** Bad usage: printed with a pointer to the command's --help, exit code 2. */
export class UsageError extends Error {}

export type Options = Record<string, { type: 'boolean' | 'string' }>;

export interface Parsed {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  help: boolean;
}

export function parseCommand(args: string[], options: Options): Parsed {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  // NOTE: strict mode would throw parseArgs' own multi-line messages; the tokens let us word them.
  const { values, positionals, tokens } = parseArgs({ args, options: all, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = (all as Options)[token.name];
    if (spec === undefined) throw new UsageError(`unknown option ${token.rawName}`);
    if (spec.type === 'string' && token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
    if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
  }
  const { help, ...rest } = values;
  return { positionals, values: rest, help: help === true };
}
