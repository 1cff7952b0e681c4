// The public packages and how a browser bundler sees them. Shared by the tests here and by
// tools/bench/size.mjs (plain JS, so the benchmark needs no build step to use it).
import { build } from 'esbuild';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Packages whose default entry is Node-only by design, with the reason. Every other public
 * package must bundle for the browser with no Node import.
 */
export const nodeOnly = new Map([['@wick/cli', 'the `wick` command: a Node program that reads and writes files']]);

/**
 * Every package of packages/* that is published (not private), in dependency order (a package
 * after what it depends on): {name, dir, manifest}.
 */
export function publicPackages() {
  const all = readdirSync(join(root, 'packages'))
    .map((d) => join(root, 'packages', d))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => !p.manifest.private)
    .map((p) => ({ name: p.manifest.name, ...p }));
  const byName = new Map(all.map((p) => [p.name, p]));
  const ordered = [];
  const visit = (p) => {
    if (ordered.includes(p)) return;
    for (const d of Object.keys(p.manifest.dependencies ?? {})) if (byName.has(d)) visit(byName.get(d));
    ordered.push(p);
  };
  all.sort((a, b) => a.name.localeCompare(b.name)).forEach(visit);
  return ordered;
}

/** The names of the wick packages `name` needs at run time, itself included (transitively). */
export function closure(name, packages = publicPackages()) {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const out = new Set();
  const visit = (n) => {
    if (out.has(n)) return;
    out.add(n);
    for (const d of Object.keys(byName.get(n)?.manifest.dependencies ?? {})) visit(d);
  };
  visit(name);
  return out;
}

const builtins = new Set(builtinModules);
const isBuiltin = (id) => id.startsWith('node:') || builtins.has(id) || builtins.has(id.split('/')[0]);

/**
 * Bundles `entry` (a file, or `{contents, resolveDir}`) for the browser with esbuild, minified, as ESM. Node built-in modules
 * are not an error to esbuild here: they are recorded in `nodeImports` (with the importing file)
 * and left external, so a test can name every offender at once.
 * `source` resolves workspace packages to their TypeScript sources (the "wick-source" condition);
 * `own` leaves the other @wick packages out (external), to size a package without its dependencies.
 */
export async function bundleForBrowser(entry, { source = false, minify = true, own = false } = {}) {
  const nodeImports = [];
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, loader: 'js' } }),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    external: own ? ['@wick/*'] : [],
    conditions: source ? ['wick-source'] : [],
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-node-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!isBuiltin(args.path)) return undefined;
            nodeImports.push(`${args.path} (imported by ${args.importer.replace(root, '')})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const { text: code, contents } = result.outputFiles[0];
  return { code, nodeImports, bytes: contents.length, gzipBytes: gzipSync(contents, { level: 9 }).length };
}

/** The file a package's default entry resolves to: its built dist/ file or its TypeScript source. */
export function defaultEntry(pkg, { source = false } = {}) {
  const dot = pkg.manifest.exports['.'];
  return join(pkg.dir, source ? dot['wick-source'] : dot.default);
}
