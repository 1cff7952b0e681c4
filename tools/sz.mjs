// Line counts per package source file, largest first, so growth stays visible (`pnpm sz`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rows = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) rows.push([relative(root, path), readFileSync(path, 'utf8').split('\n').length]);
  }
}
walk(join(root, 'packages'));
rows.sort((a, b) => b[1] - a[1]);
for (const [path, lines] of rows) console.log(String(lines).padStart(6), path);
console.log(String(rows.reduce((s, r) => s + r[1], 0)).padStart(6), 'total');
