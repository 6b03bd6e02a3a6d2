import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const script = new URL('../../../../scripts/generate-config-docs.mjs', import.meta.url).pathname;

test('docs/configuration.md is what the config schema gives (regenerate it after a schema change)', () => {
  const r = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /keys, current/);
});
