import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type LakehoseConfig } from './schema.js';

export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted path of the field, e.g. `streams[0].shardCount`. */
  readonly field: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.field || '(top level)'}: ${p.message}`;
}

/** Reads and checks a config file; throws ConfigError naming file, line and field. */
export async function loadConfig(file: string): Promise<LakehoseConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError([{ file, line: 1, column: 1, field: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})` }]);
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file = 'lakehose.yaml'): LakehoseConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, field: '', message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toProblem(issue, doc, lines, file)));
}

function toProblem(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string): ConfigProblem {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // Point at the deepest node of the path that exists in the file.
  let line = 1;
  let column = 1;
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      line = pos.line;
      column = pos.col;
      break;
    }
  }
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    const key = doc.getIn([...path, issue.keys[0]!], true);
    const pair = findKeyNode(doc, path, issue.keys[0]!);
    const node = pair ?? key;
    if (isNode(node) && node.range) {
      const pos = lines.linePos(node.range[0]);
      line = pos.line;
      column = pos.col;
    }
  }
  return { file, line, column, field: formatPath(path), message };
}

function findKeyNode(doc: Document, path: readonly (string | number)[], key: string): unknown {
  const parent = doc.getIn(path, true) as { items?: Array<{ key?: unknown }> } | undefined;
  const item = parent?.items?.find((i) => isNode(i.key) && (i.key as { value?: unknown }).value === key);
  return item?.key;
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}
