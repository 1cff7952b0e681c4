#!/usr/bin/env node
// The `wick` executable.
import { run } from './cli.js';

process.exitCode = run(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
