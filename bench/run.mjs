#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs one benchmark (compiled from bench/<name>.ts).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const [name, ...rest] = process.argv.slice(2);
const known = ['ingest', 'delivery', 'query', 'notify', 'streamlog-micro'];
if (!name || !known.includes(name)) {
  console.error(`usage: npm run bench -- <${known.join('|')}> [options]`);
  process.exit(2);
}
const script = new URL(`../dist/bench/${name}.js`, import.meta.url).pathname;
if (!existsSync(script)) {
  console.error(`bench: ${name} is not built (run npm run build)`);
  process.exit(2);
}
const r = spawnSync(process.execPath, [script, ...rest], {
  stdio: 'inherit',
  env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
process.exit(r.status ?? 1);
