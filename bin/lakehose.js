#!/usr/bin/env node
// The command is the compiled CLI; `npm install` builds it (the `prepare` script).
import '../dist/src/cli/main.js';
