#!/usr/bin/env node
// The command is the compiled CLI; `npm install` builds it (the `prepare` script).
// More libuv threads let many shards' fsyncs run in parallel (the pool is sized on first use).
process.env.UV_THREADPOOL_SIZE ??= '16';
await import('../dist/src/cli/main.js');
