// `pnpm conformance`: runs every fixture comparison (fixtures/tensor, autograd, nn, optim, rng,
// serialize, training, demo, export) against the built packages and writes conformance.md: per op or
// module, how many recorded PyTorch cases agree and the worst error. The file holds no date, so
// rerunning it on the same machine reproduces it byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadFixture } from '@wick/testing';
import { autograd, tensor } from './conformance/ops.mjs';
import { graphs } from './conformance/graphs.mjs';
import { run as losses } from './conformance/losses.mjs';
import { run as exported } from './conformance/export.mjs';
import { run as nn } from './conformance/nn.mjs';
import { run as optim } from './conformance/optim.mjs';
import { run as rng } from './conformance/rng.mjs';
import { run as serialize } from './conformance/serialize.mjs';
import { demo, training } from './conformance/training.mjs';

const PACKAGES = [
  ['@wick/tensor: ops (fixtures/tensor)', tensor],
  ['@wick/tensor: random numbers (fixtures/rng)', rng],
  ['@wick/autograd: gradients (fixtures/autograd)', (note) => autograd(note, graphs)],
  ['@wick/nn: modules, forward and gradients (fixtures/nn)', nn],
  ['@wick/nn: losses and gradient clipping, values and gradients (fixtures/nn/losses)', losses],
  ['@wick/optim: optimizers and schedulers, 20 steps (fixtures/optim)', optim],
  ['@wick/serialize: checkpoints written by PyTorch (fixtures/serialize)', serialize],
  ['@wick/torch: training, 20 steps (fixtures/training)', training],
  ['@wick/torch: the demo model (fixtures/demo)', demo],
  ['@wick/export: ATen ops of torch.export programs, default and core-ATen graphs (fixtures/export)', exported],
];

const tty = process.stderr.isTTY;
const started = performance.now();
let done = 0;
function progress(label, final = false) {
  const line = `conformance: ${label}, ${done} cases, ${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (tty) process.stderr.write(`\r${line.padEnd(100)}${final ? '\n' : ''}`);
  else if (final) process.stderr.write(`${line}\n`);
}

const groups = [];
for (const [title, run] of PACKAGES) {
  const rows = new Map();
  run((name, compare) => {
    let a;
    try {
      a = compare();
    } catch (e) {
      a = { ok: false, worstUlp: 0, worstAbs: 0, problem: `threw ${e instanceof Error ? e.message : String(e)}` };
    }
    const row = rows.get(name) ?? { cases: 0, failed: 0, worstUlp: 0, worstAbs: 0, problem: undefined };
    row.cases++;
    if (!a.ok) {
      row.failed++;
      row.problem ??= a.problem;
    }
    row.worstUlp = Math.max(row.worstUlp, a.worstUlp);
    row.worstAbs = Math.max(row.worstAbs, a.worstAbs);
    rows.set(name, row);
    if (++done % 250 === 0) progress(title);
  });
  progress(title, true);
  groups.push([title, rows]);
}

const fmtAbs = (v) => (v === 0 ? '0' : v.toExponential(2));
const fmtUlp = (v) => (v === Infinity ? 'inf' : String(v));
const total = groups.reduce((n, [, rows]) => n + [...rows.values()].reduce((m, r) => m + r.cases, 0), 0);
const failed = groups.reduce((n, [, rows]) => n + [...rows.values()].reduce((m, r) => m + r.failed, 0), 0);
const meta = loadFixture('rng/engine.msgpack').meta;
const node = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node ?? '';

const lines = [
  '# Conformance with PyTorch',
  '',
  'Written by `pnpm conformance` (tools/conformance.mjs) from the fixtures PyTorch recorded in `fixtures/`',
  '(tools/fixtures/); regenerate it after changing code or fixtures. It holds no date: the same code, fixtures',
  'and machine give the same file.',
  '',
  `- PyTorch ${meta.torch}, fixtures recorded with CPU capability ${meta.cpu_capability} (torch.backends.cpu.get_cpu_capability())`,
  `- wick run on Node ${process.version} (package engines: node ${node}), ${process.arch}, ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
  `- ${total} cases, ${total - failed} agree with PyTorch${failed ? `, ${failed} DISAGREE` : ''}`,
  '',
  'A case agrees when every float element is within its recorded bound: a few ULP of the output dtype, or an',
  'absolute bound derived from the inputs (sums, products) or from PyTorch\'s own float32-vs-float64 error',
  '(modules, gradients, training); everything else (integers, shapes, strides, error messages, random bits)',
  'must be identical. *worst ULP* is the largest distance among elements judged in ULP; *worst abs* the largest',
  'absolute error among elements accepted by an absolute bound (values near zero, cancelling sums).',
];
for (const [title, rows] of groups) {
  lines.push('', `## ${title}`, '', '| op / module | cases | agree | worst ULP | worst abs |', '| --- | ---: | ---: | ---: | ---: |');
  for (const [name, r] of [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const agree = r.failed ? `**${r.cases - r.failed}**` : String(r.cases);
    lines.push(`| \`${name}\` | ${r.cases} | ${agree} | ${fmtUlp(r.worstUlp)} | ${fmtAbs(r.worstAbs)} |`);
  }
  const problems = [...rows].filter(([, r]) => r.failed);
  for (const [name, r] of problems) lines.push(`\n- \`${name}\`: ${r.problem}`);
}
writeFileSync(new URL('../conformance.md', import.meta.url), `${lines.join('\n')}\n`);
console.log(`conformance.md: ${total} cases, ${total - failed} agree with PyTorch${failed ? `, ${failed} disagree` : ''}`);
if (failed) process.exitCode = 1;
