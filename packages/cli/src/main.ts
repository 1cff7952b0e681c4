// The `wick` executable.
import { run } from './cli.js';

process.exitCode = run(process.argv.slice(2), {
  out: (l) => console.log(l),
  err: (l) => console.error(l),
  // Progress is redrawn in place on a terminal; piped stderr gets none.
  ...(process.stderr.isTTY ? { status: (text: string) => process.stderr.write(`\r\x1b[2K${text}`) } : {}),
});
