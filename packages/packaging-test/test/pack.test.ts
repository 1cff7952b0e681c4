// The packages as a user installs them: `pnpm pack` each public package, install the tarballs
// with npm into fresh projects outside the workspace, and run them there with plain node.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closure, publicPackages, root } from '../packages.mjs';
import { gruExpected, gruInput } from './expected.js';

const packages = publicPackages();
const work = mkdtempSync(join(tmpdir(), 'wick-packaging-'));
const tarballs = new Map<string, string>();
/** Each packed third-party package's own dependencies. */
const thirdPartyDeps = new Map<string, string[]>();
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  // `pnpm test` builds first (turbo.json: this package's test depends on ^build); run alone,
  // build what is missing.
  const missing = packages.filter((p) => !existsSync(join(p.dir, p.manifest.exports['.'].default)));
  if (missing.length > 0) execFileSync('pnpm', ['-r', '--filter', './packages/*', 'build'], { cwd: root, stdio: 'ignore' });
  const dest = join(work, 'tarballs');
  for (const p of packages) {
    const before = new Set(existsSync(dest) ? readdirSync(dest) : []);
    execFileSync('pnpm', ['pack', '--pack-destination', dest], { cwd: p.dir, stdio: 'ignore' });
    const made = readdirSync(dest).find((f) => !before.has(f));
    tarballs.set(p.name, join(dest, made!));
  }
  // Third-party dependencies (fflate, protobufjs and theirs) are packed from the workspace's
  // install, so that npm installs them offline too.
  const packThirdParty = (dep: string, fromDir: string): void => {
    if (tarballs.has(dep)) return;
    const dir = installedDir(fromDir, dep);
    const file = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dest, dir], { encoding: 'utf8' });
    tarballs.set(dep, join(dest, file.trim().split('\n').pop()!));
    const deps = Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies ?? {});
    thirdPartyDeps.set(dep, deps);
    for (const d of deps) packThirdParty(d, dir);
  };
  for (const p of packages) {
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) if (!dep.startsWith('@wick/')) packThirdParty(dep, p.dir);
  }
});

/** Where Node's resolution finds package `name` from `fromDir` (pnpm keeps a package's dependencies beside it). */
function installedDir(fromDir: string, name: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed above ${fromDir}`);
  }
}

/** The packages npm installs for `name`: its wick closure and every third-party package below it. */
function installClosure(name: string): Set<string> {
  const out = closure(name, packages);
  const visit = (n: string) => {
    for (const d of thirdPartyDeps.get(n) ?? []) {
      if (out.has(d)) continue;
      out.add(d);
      visit(d);
    }
  };
  for (const n of [...out]) visit(n);
  return out;
}

/** A fresh npm project with the tarballs of `name` and the wick packages it depends on. */
function project(dir: string, name: string): string {
  const cwd = join(work, dir);
  mkdirSync(cwd);
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: dir, private: true, type: 'module' }));
  const tgz = [...installClosure(name)].map((n) => tarballs.get(n)!);
  // NOTE: --offline: every dependency is a tarball packed above, so nothing may come from the
  // registry (a published @wick/* of the same version must not shadow a tarball).
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', ...tgz], { cwd, stdio: 'pipe' });
  return cwd;
}

/** The package names npm installed (the whole tree, deduplicated). */
function installed(cwd: string): string[] {
  const tree = JSON.parse(execFileSync('npm', ['ls', '--all', '--json'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const names = new Set<string>();
  const walk = (deps: Record<string, { dependencies?: object }> = {}) => {
    for (const [n, d] of Object.entries(deps)) {
      names.add(n);
      walk(d.dependencies as Record<string, { dependencies?: object }>);
    }
  };
  walk(tree.dependencies);
  return [...names].sort();
}

/** Runs an ES module in the project with node and returns what it printed as JSON. */
function run(cwd: string, code: string): Record<string, unknown> {
  writeFileSync(join(cwd, 'main.mjs'), code);
  return JSON.parse(execFileSync('node', ['main.mjs'], { cwd, encoding: 'utf8' }));
}

/** The file list and manifest inside a tarball. */
interface Manifest extends Record<string, unknown> {
  exports: Record<string, Record<string, string>>;
  imports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  bin?: Record<string, string>;
}

function tarball(file: string): { files: string[]; manifest: Manifest } {
  const files = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n');
  const manifest = JSON.parse(execFileSync('tar', ['-xOzf', file, 'package/package.json'], { encoding: 'utf8' }));
  return { files, manifest };
}

describe('tarballs', () => {
  it.each(packages.map((p) => [p.name]))('%s: complete manifest, dist + README (+ its commands) only, no workspace-only references', (name) => {
    const { files, manifest } = tarball(tarballs.get(name)!);
    expect(manifest.name).toBe(name);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(manifest.license).toBe('MIT');
    for (const field of ['description', 'repository', 'engines']) expect(manifest[field], field).toBeTruthy();
    expect((manifest.description as string).length, 'description').toBeGreaterThan(10);
    expect(manifest.engines).toMatchObject({ node: expect.stringMatching(/^>=20/) });
    expect(manifest.repository).toMatchObject({ type: 'git', directory: `packages/${name.replace('@wick/', '')}` });
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'README.md']));
    expect((manifest.keywords as string[]).length, 'keywords').toBeGreaterThan(0);
    // false, or the files with side effects (the umbrella's and tensor's op registration).
    expect(manifest.sideEffects === false || Array.isArray(manifest.sideEffects), 'sideEffects').toBe(true);
    expect(files).toContain('package/README.md');
    // A command's entry point is a committed file that imports dist/ (so the workspace links it unbuilt).
    const commands = Object.values(manifest.bin ?? {}).map((target) => `package/${target.replace(/^\.\//, '')}`);
    for (const command of commands) expect(files).toContain(command);
    for (const f of files) if (!commands.includes(f)) expect(f).toMatch(/^package\/(dist\/|README\.md$|CHANGELOG\.md$|package\.json$)/);
    // The "wick-source" condition points at src/, which is not shipped: publishConfig.exports
    // drops it from the published manifest.
    expect(JSON.stringify(manifest.exports)).not.toContain('wick-source');
    expect(JSON.stringify(manifest.imports ?? {})).not.toContain('wick-source');
    const targets = (v: unknown): string[] => (typeof v === 'string' ? [v] : Object.values(v as object).flatMap(targets));
    for (const target of targets(manifest.imports ?? {})) expect(files, `imports -> ${target}`).toContain(`package/${target.slice(2)}`);
    for (const [sub, conditions] of Object.entries(manifest.exports)) {
      expect(Object.keys(conditions), sub).toEqual(['types', 'default']);
      for (const target of Object.values(conditions)) expect(files, `${sub} -> ${target}`).toContain(`package/${target.slice(2)}`);
    }
    for (const v of Object.values(manifest.dependencies ?? {})) expect(v).not.toMatch(/^workspace:/);
  });

  it.each(packages.map((p) => [p.name]))('%s: dist imports exactly the packages it declares', (name) => {
    const dir = join(work, `imports-${name.replace('/', '-')}`);
    mkdirSync(dir);
    execFileSync('tar', ['-xzf', tarballs.get(name)!, '-C', dir]);
    const imported = new Set<string>();
    const visit = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) visit(join(d, e.name));
        else if (e.name.endsWith('.js')) {
          // Bare specifiers: a package name (scoped or not), not node: builtins, #imports or relative paths.
          for (const m of readFileSync(join(d, e.name), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from\s+'((?:@[^/']+\/)?[^./#'][^/':]*)['/]/gm)) imported.add(m[1]!);
        }
      }
    };
    visit(join(dir, 'package', 'dist'));
    const { manifest } = tarball(tarballs.get(name)!);
    expect([...imported].sort()).toEqual(Object.keys(manifest.dependencies ?? {}).sort());
  });
});

describe('installed with npm outside the workspace', () => {
  it('@wick/tensor alone', () => {
    const cwd = project('tensor-only', '@wick/tensor');
    expect(installed(cwd)).toEqual(['@wick/tensor']);
    const r = run(
      cwd,
      `import { tensor, matmul } from '@wick/tensor';
       const a = tensor([[1, 2], [3, 4]], { dtype: 'float32' });
       const s = matmul(a, a.t()).softmax(-1);
       console.log(JSON.stringify({ s: s.tolist(), dtype: s.dtype, sum: String(tensor([1, 2, 3], { dtype: 'int64' }).sum().item()) }));`,
    );
    // PyTorch: torch.matmul(a, a.t()).softmax(-1).tolist() for a = [[1., 2], [3, 4]]
    const want = [[0.00247262348420918, 0.9975274205207825], [8.315280410897685e-7, 0.9999991655349731]];
    expect(r.dtype).toBe('float32');
    (r.s as number[][]).flat().forEach((v, i) => expect(Math.abs(v - want.flat()[i]!)).toBeLessThan(1e-6));
    expect(r.sum).toBe('6');
  });

  it('@wick/serialize alone loads a .pt file by path, with no nn or autograd installed', () => {
    const cwd = project('serialize-only', '@wick/serialize');
    expect(installed(cwd)).toEqual(['@wick/serialize', '@wick/tensor', 'fflate']);
    copyFileSync(join(root, 'fixtures', 'serialize', 'checkpoint.pt'), join(cwd, 'checkpoint.pt'));
    const r = run(
      cwd,
      `import { load } from '@wick/serialize';
       import { load as loadNode, fileSource } from '@wick/serialize/node';
       const ck = load('checkpoint.pt');
       const bias = ck.get('model').get('0.bias');
       const viaNode = loadNode('checkpoint.pt').get('model').get('2.weight');
       console.log(JSON.stringify({
         epoch: ck.get('epoch'), name: ck.get('config').get('name'), bias: Array.from(bias.numpy()),
         shape: viaNode.shape, stride: viaNode.stride(), lr: ck.get('optimizer').get('param_groups')[0].get('lr'),
         fileSource: typeof fileSource,
       }));`,
    );
    // PyTorch: torch.load('fixtures/serialize/checkpoint.pt')
    expect(r).toEqual({
      epoch: 3,
      name: 'tiny',
      bias: [0.1857333928346634, 0.38883575797080994, 0.5772638320922852, 0.5223233103752136],
      shape: [2, 4],
      stride: [4, 1],
      lr: 0.001,
      fileSource: 'function',
    });
  });

  it('@wick/torch runs a GRU loaded from a PyTorch checkpoint', () => {
    const cwd = project('torch', '@wick/torch');
    expect(installed(cwd)).toEqual([...installClosure('@wick/torch')].sort());
    expect(installed(cwd)).not.toContain('@wick/cli');
    copyFileSync(join(root, 'fixtures', 'serialize', 'layer_gru.pt'), join(cwd, 'gru.pt'));
    const r = run(
      cwd,
      `import * as torch from '@wick/torch';
       const gru = new torch.nn.GRU(3, 2, { num_layers: 2, bidirectional: true });
       gru.load_state_dict(torch.load('gru.pt'));
       const x = torch.tensor(${JSON.stringify(gruInput())}).reshape([4, 2, 3]);
       const [out, h] = gru.call(x);
       out.sum().backward();
       console.log(JSON.stringify({ out: Array.from(out.detach().numpy()), h: Array.from(h.detach().numpy()),
         grad: gru.weight_ih_l0.grad !== null }));`,
    );
    expect(r.grad).toBe(true);
    for (const [got, want] of [[r.out, gruExpected.out], [r.h, gruExpected.h]] as [number[], number[]][]) {
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-6));
    }
  });

  it('@wick/cli: the wick command inspects a checkpoint', () => {
    const cwd = project('cli', '@wick/cli');
    expect(installed(cwd)).toEqual([...installClosure('@wick/cli')].sort());
    // It reads .onnx and .pt2 files (@wick/onnx, @wick/export and what they need), not the umbrella.
    for (const name of ['@wick/torch', '@wick/optim', '@wick/data', '@wick/webgpu']) expect(installed(cwd)).not.toContain(name);
    copyFileSync(join(root, 'fixtures', 'serialize', 'checkpoint.pt'), join(cwd, 'checkpoint.pt'));
    const out = execFileSync(join(cwd, 'node_modules', '.bin', 'wick'), ['inspect', 'checkpoint.pt'], { cwd, encoding: 'utf8' });
    expect(out).toContain('0.weight');
  });
});
