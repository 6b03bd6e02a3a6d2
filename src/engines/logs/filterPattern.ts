import { LogsError } from './LogsError.js';

/** Whether one log event's message matches a filter pattern. */
export type MessagePredicate = (message: string) => boolean;

/**
 * CloudWatch Logs filter patterns:
 *
 * - terms: `ERROR Exception` (all), `"Failed to send"` (a phrase), `?ERROR ?WARN` (any),
 *   `ERROR -Exiting` (exclusions), `%regex%`; case-sensitive substring matches;
 * - JSON: `{ $.level = "error" && ($.latency > 500 || $.user.id = "a*") }` with
 *   = != < > <= >=, `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`, `*` wildcards in strings;
 * - space-delimited: `[ip, user, ..., status = 5*, bytes > 1000]`.
 *
 * An empty pattern matches everything. A pattern that cannot be parsed is an InvalidArgument
 * error naming what is wrong.
 */
export function compileFilterPattern(pattern: string | undefined): MessagePredicate {
  const p = (pattern ?? '').trim();
  if (p === '' || p === '""') return () => true;
  if (p.startsWith('{')) return compileJson(p);
  if (p.startsWith('[')) return compileDelimited(p);
  return compileTerms(p);
}

function invalid(message: string): never {
  throw new LogsError('InvalidArgument', `Invalid filter pattern: ${message}`);
}

// ---- terms ------------------------------------------------------------------------------

function compileTerms(p: string): MessagePredicate {
  const required: MessagePredicate[] = [];
  const optional: MessagePredicate[] = [];
  const excluded: MessagePredicate[] = [];
  const tokens = p.match(/[?-]?(?:"(?:[^"\\]|\\.)*"|%[^%]*%|[^\s"]+)/g) ?? [];
  for (const token of tokens) {
    let t = token;
    let bucket = required;
    if (t.startsWith('?')) {
      bucket = optional;
      t = t.slice(1);
    } else if (t.startsWith('-') && t.length > 1) {
      bucket = excluded;
      t = t.slice(1);
    }
    bucket.push(termMatcher(t));
  }
  return (m) =>
    required.every((f) => f(m)) && (optional.length === 0 || optional.some((f) => f(m))) && !excluded.some((f) => f(m));
}

function termMatcher(term: string): MessagePredicate {
  if (term.length >= 2 && term.startsWith('%') && term.endsWith('%')) {
    const re = regex(term.slice(1, -1));
    return (m) => re.test(m);
  }
  const text = term.startsWith('"') && term.endsWith('"') && term.length >= 2 ? unquote(term) : term;
  return (m) => m.includes(text);
}

function regex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return invalid(`bad regular expression %${source}%`);
  }
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}

// ---- JSON ---------------------------------------------------------------------------------

type Json = unknown;
type JsonTest = (doc: Json) => boolean;

interface Tok {
  readonly kind: 'sel' | 'op' | 'str' | 'num' | 'word' | 'regex' | '(' | ')' | '&&' | '||' | '{' | '}';
  readonly text: string;
}

function tokenizeJson(p: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '{' || c === '}' || c === '(' || c === ')') {
      out.push({ kind: c, text: c });
      i++;
      continue;
    }
    if (p.startsWith('&&', i) || p.startsWith('||', i)) {
      out.push({ kind: p.slice(i, i + 2) as '&&' | '||', text: p.slice(i, i + 2) });
      i += 2;
      continue;
    }
    const op = /^(!=|>=|<=|=|<|>)/.exec(p.slice(i));
    if (op) {
      out.push({ kind: 'op', text: op[1]! });
      i += op[1]!.length;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < p.length && p[j] !== '"') j += p[j] === '\\' ? 2 : 1;
      if (j >= p.length) invalid('unterminated string');
      out.push({ kind: 'str', text: unquote(p.slice(i, j + 1)) });
      i = j + 1;
      continue;
    }
    if (c === '%') {
      const j = p.indexOf('%', i + 1);
      if (j < 0) invalid('unterminated %regex%');
      out.push({ kind: 'regex', text: p.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    const word = /^[^\s(){}&|!=<>"]+/.exec(p.slice(i));
    if (!word) invalid(`unexpected '${c}'`);
    const w = word[0];
    out.push({ kind: w.startsWith('$') ? 'sel' : /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(w) ? 'num' : 'word', text: w });
    i += w.length;
  }
  return out;
}

function compileJson(p: string): MessagePredicate {
  const toks = tokenizeJson(p);
  let pos = 0;
  const peek = () => toks[pos];
  const take = (kind?: Tok['kind']): Tok => {
    const t = toks[pos];
    if (!t || (kind && t.kind !== kind)) invalid(`expected ${kind ?? 'more'} at token ${pos + 1}`);
    pos++;
    return t;
  };
  const orExpr = (): JsonTest => {
    let left = andExpr();
    while (peek()?.kind === '||') {
      take();
      const l = left;
      const r = andExpr();
      left = (d) => l(d) || r(d);
    }
    return left;
  };
  const andExpr = (): JsonTest => {
    let left = primary();
    while (peek()?.kind === '&&') {
      take();
      const l = left;
      const r = primary();
      left = (d) => l(d) && r(d);
    }
    return left;
  };
  const primary = (): JsonTest => {
    if (peek()?.kind === '(') {
      take();
      const e = orExpr();
      take(')');
      return e;
    }
    return comparison();
  };
  const comparison = (): JsonTest => {
    const path = selector(take('sel').text);
    const next = take();
    if (next.kind === 'word') {
      const w = next.text.toUpperCase();
      if (w === 'IS') {
        const what = take('word').text.toUpperCase();
        if (what === 'NULL') return (d) => lookup(d, path).value === null;
        if (what === 'TRUE') return (d) => lookup(d, path).value === true;
        if (what === 'FALSE') return (d) => lookup(d, path).value === false;
        invalid(`IS ${what}`);
      }
      if (w === 'NOT') {
        if (take('word').text.toUpperCase() !== 'EXISTS') invalid('NOT must be followed by EXISTS');
        return (d) => !lookup(d, path).found;
      }
      if (w === 'EXISTS') return (d) => lookup(d, path).found;
      invalid(`unexpected ${next.text}`);
    }
    if (next.kind !== 'op') invalid(`expected a comparison after ${path.join('.')}`);
    const value = take();
    return compare(path, next.text, value);
  };
  take('{');
  const test = orExpr();
  take('}');
  if (pos !== toks.length) invalid('text after the closing }');
  return (message) => {
    let doc: Json;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return doc !== null && typeof doc === 'object' && test(doc);
  };
}

type PathPart = string | number;

function selector(text: string): PathPart[] {
  if (!text.startsWith('$')) invalid(`selector ${text} must start with $`);
  const parts: PathPart[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 1;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== consumed) invalid(`bad selector ${text}`);
    parts.push(m[1] !== undefined ? m[1] : Number(m[2]));
    consumed = re.lastIndex;
  }
  if (consumed !== text.length) invalid(`bad selector ${text}`);
  return parts;
}

function lookup(doc: Json, path: readonly PathPart[]): { found: boolean; value: Json } {
  let cur: Json = doc;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return { found: false, value: undefined };
    if (typeof part === 'number') {
      if (!Array.isArray(cur) || part >= cur.length) return { found: false, value: undefined };
      cur = cur[part];
    } else {
      if (Array.isArray(cur) || !Object.hasOwn(cur, part)) return { found: false, value: undefined };
      cur = (cur as Record<string, Json>)[part];
    }
  }
  return { found: true, value: cur };
}

function compare(path: readonly PathPart[], op: string, value: Tok): JsonTest {
  if (value.kind === 'num') {
    const n = Number(value.text);
    const test = numeric(op, n);
    return (d) => {
      const v = lookup(d, path).value;
      return typeof v === 'number' && test(v);
    };
  }
  if (value.kind === 'regex') {
    if (op !== '=' && op !== '!=') invalid(`${op} cannot compare with a regular expression`);
    const re = regex(value.text);
    return (d) => {
      const { found, value: v } = lookup(d, path);
      return found && typeof v === 'string' && re.test(v) === (op === '=');
    };
  }
  if (value.kind !== 'str' && value.kind !== 'word') invalid(`expected a value after ${op}`);
  if (op !== '=' && op !== '!=') invalid(`${op} needs a number`);
  const matches = glob(value.text);
  return (d) => {
    const { found, value: v } = lookup(d, path);
    if (!found || v === null || typeof v === 'object') return false;
    return matches(String(v)) === (op === '=');
  };
}

function numeric(op: string, n: number): (v: number) => boolean {
  switch (op) {
    case '=':
      return (v) => v === n;
    case '!=':
      return (v) => v !== n;
    case '<':
      return (v) => v < n;
    case '>':
      return (v) => v > n;
    case '<=':
      return (v) => v <= n;
    case '>=':
      return (v) => v >= n;
    default:
      return invalid(`unknown operator ${op}`);
  }
}

/** `*` matches any run of characters; everything else is literal. */
function glob(pattern: string): (s: string) => boolean {
  if (!pattern.includes('*')) return (s) => s === pattern;
  const re = new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
  return (s) => re.test(s);
}

// ---- space-delimited --------------------------------------------------------------------

interface Field {
  readonly ellipsis: boolean;
  readonly test: ((value: string) => boolean) | undefined;
}

function compileDelimited(p: string): MessagePredicate {
  if (!p.endsWith(']')) invalid('a space-delimited pattern must end with ]');
  const body = p.slice(1, -1).trim();
  const fields: Field[] = body === '' ? [] : body.split(',').map((raw) => field(raw.trim()));
  const ellipses = fields.filter((f) => f.ellipsis).length;
  if (ellipses > 1) invalid('only one ... is supported');
  const at = fields.findIndex((f) => f.ellipsis);
  const before = at < 0 ? fields : fields.slice(0, at);
  const after = at < 0 ? [] : fields.slice(at + 1);
  return (message) => {
    const values = splitFields(message);
    if (at < 0 ? values.length !== fields.length : values.length < before.length + after.length) return false;
    for (let i = 0; i < before.length; i++) if (before[i]!.test && !before[i]!.test!(values[i]!)) return false;
    for (let i = 0; i < after.length; i++) {
      const v = values[values.length - after.length + i]!;
      if (after[i]!.test && !after[i]!.test!(v)) return false;
    }
    return true;
  };
}

function field(raw: string): Field {
  if (raw === '...') return { ellipsis: true, test: undefined };
  const m = /^([A-Za-z_][\w]*)\s*(!=|>=|<=|=|<|>)\s*(.+)$/.exec(raw);
  if (!m) {
    if (!/^[A-Za-z_][\w]*$/.test(raw)) invalid(`bad field ${raw}`);
    return { ellipsis: false, test: undefined };
  }
  const [, , op, valueText] = m;
  const value = valueText!.trim();
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    const test = numeric(op!, Number(value));
    return { ellipsis: false, test: (v) => v.trim() !== '' && Number.isFinite(Number(v)) && test(Number(v)) };
  }
  if (op !== '=' && op !== '!=') invalid(`${op} needs a number in ${raw}`);
  const matches = glob(value.startsWith('"') && value.endsWith('"') ? unquote(value) : value);
  return { ellipsis: false, test: (v) => matches(v) === (op === '=') };
}

/** Splits on spaces; "quoted" and [bracketed] runs are one field (quotes and brackets removed). */
function splitFields(message: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|\[([^\]]*)\]|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(message)) !== null) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
