// Run by scale.test.ts in a child `node --expose-gc`: a lazy checkpoint dropped with every storage
// unread must not keep its file open once the storages are garbage collected.
import { readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { load } from '../src/index.js';

// Descriptors open on the checkpoint itself: other threads (the module loader, a worker pool)
// open and close their own at any time, so a plain count of /proc/self/fd is not a measure.
const file = realpathSync(process.argv[2]!);
const fds = (): number => readdirSync('/proc/self/fd').filter((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`) === file;
  } catch {
    return false; // closed between the listing and the read
  }
}).length;
const gc = (globalThis as { gc?: () => void }).gc!;
const before = fds();
let sd: unknown = load(process.argv[2]!, { mmap: true });
const opened = fds();
sd = null;
for (let i = 0; i < 20 && fds() > before; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
console.log(JSON.stringify({ opened: opened - before, after: fds() - before, dropped: sd === null }));
