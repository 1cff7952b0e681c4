#!/usr/bin/env node
// The `wick` executable. A committed file rather than dist/main.js itself, so that installing the
// workspace can link the command before anything is built.
import '../dist/main.js';
