#!/usr/bin/env node
// Writes docs/configuration.md from the config schema (src/app/config/schema.ts), so the
// reference cannot drift from what `lakehose validate` checks. Run after `npm run build`.
// `--check` writes nothing and fails when the page is not what the schema gives (a test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from '../dist/src/app/config/schema.js';

const json = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });

function typeOf(s) {
  if (s.enum) return s.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `list of ${typeOf(s.items ?? {})}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `map of ${typeOf(s.additionalProperties)}`;
  if (s.type === 'integer') return 'integer';
  return s.type ?? 'any';
}

function limits(s) {
  const out = [];
  if (s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) out.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) out.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`length ≤ ${s.maxLength}`);
  if (s.pattern) out.push(`pattern \`${s.pattern}\``);
  return out.join(', ');
}

const rows = [];
function walk(schema, path, required) {
  for (const [key, s] of Object.entries(schema.properties ?? {})) {
    const p = path ? `${path}.${key}` : key;
    const isReq = required.includes(key) && s.default === undefined;
    const dflt = s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``;
    rows.push(`| \`${p}\` | ${typeOf(s)} | ${isReq ? 'yes' : ''} | ${dflt} | ${[s.description ?? '', limits(s)].filter(Boolean).join(' — ')} |`);
    if (s.type === 'object' && s.properties) walk(s, p, s.required ?? []);
    if (s.type === 'array' && s.items?.properties) walk(s.items, `${p}[]`, s.items.required ?? []);
  }
}
walk(json, '', json.required ?? []);

const text = `# Configuration reference

Lakehose reads one YAML file (\`lakehose up --config FILE\`; \`lakehose validate --config FILE\`
checks one and reports errors with file, line and field). Every key is optional unless
marked required; resources declared here exist when the server starts, and the same
resources can be created at run time through the AWS APIs.

This page is generated from the schema by \`node scripts/generate-config-docs.mjs\`.

| key | type | required | default | meaning |
|---|---|---|---|---|
${rows.join('\n')}
`;
const page = new URL('../docs/configuration.md', import.meta.url);
if (process.argv.includes('--check')) {
  if (readFileSync(page, 'utf8') !== text) {
    console.error('docs/configuration.md is not what the config schema gives: run node scripts/generate-config-docs.mjs');
    process.exit(1);
  }
  console.log(`docs/configuration.md: ${rows.length} keys, current`);
} else {
  writeFileSync(page, text);
  console.log(`docs/configuration.md: ${rows.length} keys`);
}
