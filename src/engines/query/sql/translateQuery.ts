import { FUNCTION_RULES } from './functionRules.js';
import { both, renameColumns, type Predicate } from './Predicate.js';
import { analyzeQuery, type SelectItem, type TableReference } from './queryAst.js';
import { SqlBuilder, type SourceMap } from './SourceMap.js';
import { SqlError } from './SqlError.js';
import { identifierValue, isIdentifier, isKeyword, isPunct, isTrivia, quoteIdent, stringValue, tokenize, type Token } from './tokenize.js';
import { duckType, isStringType, parseType } from '../types/hiveTypes.js';

/**
 * Trino query text → DuckDB query text. DuckDB parses the query (its grammar accepts
 * Trino's query syntax) and says where the tables are; this module then walks the tokens
 * once and rewrites: catalog tables become scans of their files (from `resolveTable`),
 * Trino functions become DuckDB ones (functionRules.ts), CASTs use DuckDB type names and
 * Trino's text formats, and unnamed result columns get Trino's names (`_col0` …).
 */
export interface TranslatedQuery {
  readonly sql: string;
  /** Maps offsets in `sql` to offsets in the input. */
  readonly map: SourceMap;
  readonly tables: readonly TableReference[];
  readonly resultSize: 'small' | 'unknown';
}

/** The relation that replaces one table reference (a parenthesised query), or undefined to keep the name. */
export type TableResolver = (ref: TableReference, position: number) => Promise<string | undefined>;

/** DuckDB's parse tree of a query, or a syntax error with its byte offset. */
export type QueryParser = (sql: string) => Promise<unknown>;

// UNNEST is Trino's; range and generate_series only make numbers (handy for tests and benchmarks)
const ALLOWED_TABLE_FUNCTIONS = new Set(['unnest', 'range', 'generate_series']);

export interface TranslateOptions {
  /**
   * A condition the caller applies to this query's result columns (a query over a view
   * filters the view's rows). When the query passes rows of one table through unchanged,
   * it is handed on to that table's reference, for partition pruning.
   */
  readonly resultFilter?: Predicate;
}

export async function translateQuery(sql: string, parse: QueryParser, resolveTable: TableResolver, options: TranslateOptions = {}): Promise<TranslatedQuery> {
  // pass 1: Trino spellings DuckDB's parser rejects or reads differently (functions, CAST
  // types, VALUES rows) become DuckDB's, without needing to know what the names mean
  const tokens = tokenize(sql).map(normaliseQuoting);
  const first = new SqlBuilder();
  new TokenWalker(tokens, new Map(), NO_NAMING, true).emit(0, tokens.length, first);
  const rewritten = first.toString();
  // pass 2: DuckDB's parse tree says where tables are and how result columns are named
  const tree = (await parse(rewritten)) as { error?: boolean; error_message?: string; position?: string };
  const toChar = byteToCharOffsets(rewritten);
  if (tree.error) {
    const pos = tree.position !== undefined ? first.map.toSource(toChar(Number(tree.position))) : undefined;
    throw new SqlError('SYNTAX_ERROR', String(tree.error_message ?? 'syntax error'), pos);
  }
  const shape = analyzeQuery(tree);
  for (const fn of shape.tableFunctions) {
    if (!ALLOWED_TABLE_FUNCTIONS.has(fn.name)) {
      throw new SqlError('NOT_SUPPORTED', `Table function ${fn.name} is not supported (only UNNEST, range and generate_series)`, first.map.toSource(toChar(fn.location)));
    }
  }
  const relations = new Map<number, { ref: TableReference; sql: string | undefined }>();
  const filter = options.resultFilter;
  const pass = shape.passThrough;
  for (const found of shape.tables) {
    const ref = filter && pass && found.location === pass.location ? { ...found, predicate: both(found.predicate, renameColumns(filter, pass.columnOf)) } : found;
    const position = toChar(ref.location);
    relations.set(position, { ref, sql: await resolveTable(ref, first.map.toSource(position)) });
  }
  const tokens2 = tokenize(rewritten);
  const out = new SqlBuilder();
  new TokenWalker(tokens2, relations, outputNaming(tokens2, shape.outputItems, toChar), false).emit(0, tokens2.length, out);
  return { sql: out.toString(), map: out.map.then(first.map), tables: shape.tables, resultSize: shape.resultSize };
}

const NO_NAMING: OutputNaming = { appendAfter: new Map(), replace: new Map() };

/** Backquoted identifiers (Hive habit) become double-quoted ones, which DuckDB reads. */
function normaliseQuoting(t: Token): Token {
  if (t.kind !== 'backquoted') return t;
  return { ...t, kind: 'quoted', text: quoteIdent(identifierValue(t)) };
}

/** DuckDB reports byte offsets in UTF-8; the walker works in UTF-16 offsets. */
export function byteToCharOffsets(text: string): (byteOffset: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => b;
  const starts: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    starts.push(bytes);
    const code = text.codePointAt(i)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code >= 0x10000) {
      starts.push(bytes);
      i++;
    }
  }
  return (b) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= b) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

interface OutputNaming {
  /** token index → text to append after it (` AS "_col1"`) */
  readonly appendAfter: Map<number, string>;
  /** token index → replacement text (lower-cased aliases) */
  readonly replace: Map<number, string>;
}

const CLAUSE_END = ['FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'EXCEPT', 'INTERSECT', 'WINDOW', 'QUALIFY', 'INTO'];

/**
 * Trino names result columns: an unaliased expression is `_colN` (N its place in the
 * select list), and names are lower case. DuckDB would say `count_star()` and keep case.
 */
function outputNaming(tokens: readonly Token[], items: SelectItem[] | undefined, toChar: (b: number) => number): OutputNaming {
  const naming: OutputNaming = { appendAfter: new Map(), replace: new Map() };
  if (!items || items.length === 0) return naming;
  const firstPos = toChar(items[0]!.location);
  let first = tokens.findIndex((t) => t.start === firstPos);
  if (first < 0) return naming;
  // DuckDB places some expressions (a + b) at their operator: step back to the SELECT keyword
  let selectAt = first;
  while (selectAt >= 0 && !isKeyword(tokens[selectAt], 'SELECT')) selectAt--;
  if (selectAt < 0) return naming;
  first = selectAt + 1;
  while (first < tokens.length && (isTrivia(tokens[first]!) || isKeyword(tokens[first], 'DISTINCT', 'ALL'))) first++;
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let start = first;
  let i = first;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(') || isPunct(t, '[')) depth++;
    else if (isPunct(t, ')') || isPunct(t, ']')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && isPunct(t, ',')) {
      spans.push([start, i]);
      start = i + 1;
    } else if (depth === 0 && (isKeyword(t, ...CLAUSE_END) || isPunct(t, ';'))) break;
  }
  spans.push([start, i]);
  if (spans.length !== items.length) return naming;
  items.forEach((item, n) => {
    const [s, e] = spans[n]!;
    let last = e - 1;
    while (last >= s && isTrivia(tokens[last]!)) last--;
    if (last < s) return;
    const lastTok = tokens[last]!;
    if (item.exprClass === 'STAR' || item.exprClass === 'COLUMNS') return;
    if (item.alias !== '') {
      if (lastTok.kind === 'word' && lastTok.text !== lastTok.text.toLowerCase() && lastTok.text.toLowerCase() === item.alias.toLowerCase()) {
        naming.replace.set(last, lastTok.text.toLowerCase());
      }
      return;
    }
    if (item.exprClass === 'COLUMN_REF' && item.columnName !== undefined) {
      const lower = item.columnName.toLowerCase();
      if (lower !== item.columnName) naming.appendAfter.set(last, ` AS ${quoteIdent(lower)}`);
      return;
    }
    naming.appendAfter.set(last, ` AS ${quoteIdent(`_col${n}`)}`);
  });
  return naming;
}

class TokenWalker {
  /** Index of the next significant token after each token (or tokens.length). */
  private readonly nextSig: number[];
  private readonly prevSig: number[];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly relations: Map<number, { ref: TableReference; sql: string | undefined }>,
    private readonly naming: OutputNaming,
    /** Rewrite Trino calls, CASTs and VALUES (pass 1) — not again in pass 2. */
    private readonly rewriteCalls: boolean,
  ) {
    const n = tokens.length;
    this.nextSig = new Array<number>(n);
    this.prevSig = new Array<number>(n);
    let next = n;
    for (let i = n - 1; i >= 0; i--) {
      this.nextSig[i] = next;
      if (!isTrivia(tokens[i]!)) next = i;
    }
    let prev = -1;
    for (let i = 0; i < n; i++) {
      this.prevSig[i] = prev;
      if (!isTrivia(tokens[i]!)) prev = i;
    }
  }

  emit(from: number, to: number, out: SqlBuilder): void {
    for (let i = from; i < to; i++) {
      const t = this.tokens[i]!;
      const relation = this.relations.get(t.start);
      if (relation && isIdentifier(t)) {
        i = this.emitTable(i, relation.ref, relation.sql, out);
        this.appendName(i, out);
        continue;
      }
      if (this.rewriteCalls && isKeyword(t, 'VALUES')) {
        out.copy(t.text, t.start);
        i = this.emitValues(i, out);
        continue;
      }
      if (this.rewriteCalls && this.isCall(i)) {
        const end = this.emitCall(i, out);
        if (end !== undefined) {
          i = end;
          this.appendName(i, out);
          continue;
        }
      }
      const replacement = this.naming.replace.get(i);
      if (replacement !== undefined) out.insert(replacement, t.start);
      else out.copy(t.text, t.start);
      this.appendName(i, out);
    }
  }

  private appendName(i: number, out: SqlBuilder): void {
    const append = this.naming.appendAfter.get(i);
    if (append !== undefined) out.insert(append, this.tokens[i]!.end);
  }

  /** Replaces a (qualified) table name with its relation; returns the index of its last token. */
  private emitTable(i: number, ref: TableReference, sql: string | undefined, out: SqlBuilder): number {
    let last = i;
    for (;;) {
      const dot = this.nextSig[last]!;
      if (!isPunct(this.tokens[dot], '.')) break;
      const name = this.nextSig[dot]!;
      if (!isIdentifier(this.tokens[name])) break;
      last = name;
    }
    const t = this.tokens[i]!;
    if (sql === undefined) {
      for (let k = i; k <= last; k++) out.copy(this.tokens[k]!.text, this.tokens[k]!.start);
      return last;
    }
    out.insert(ref.alias === '' ? `${sql} AS ${quoteIdent(ref.table.toLowerCase())}` : sql, t.start);
    return last;
  }

  private isCall(i: number): boolean {
    const t = this.tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'quoted') return false;
    if (!isPunct(this.tokens[this.nextSig[i]!], '(')) return false;
    const prev = this.tokens[this.prevSig[i]!];
    // `t.f(` is a qualified name; `) FILTER (` is an aggregate's filter clause
    return !isPunct(prev, '.') && !isPunct(prev, ')');
  }

  /** Emits a rewritten call starting at token i; undefined when the call needs no rewrite. */
  private emitCall(i: number, out: SqlBuilder): number | undefined {
    const t = this.tokens[i]!;
    const name = identifierValue(t);
    const open = this.nextSig[i]!;
    const close = this.matching(open);
    if (name === 'cast' || name === 'try_cast') return this.emitCast(i, open, close, name, out);
    const rule = FUNCTION_RULES[name];
    if (!rule) return undefined;
    const argSpans = this.splitArgs(open, close);
    const args = argSpans.map(([s, e]) => this.text(s, e));
    const literal = (k: number): string | undefined => {
      const span = argSpans[k];
      if (!span) return undefined;
      const sig = this.significantIn(span[0], span[1]);
      return sig.length === 1 && sig[0]!.kind === 'string' ? stringValue(sig[0]!) : undefined;
    };
    out.insert(rule({ name, args, literal, position: t.start }), t.start);
    return close;
  }

  private emitCast(i: number, open: number, close: number, name: string, out: SqlBuilder): number {
    // CAST(expr AS type): the AS at depth 0 inside the parentheses
    let as = -1;
    let depth = 0;
    for (let k = open + 1; k < close; k++) {
      const t = this.tokens[k]!;
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, ')') || isPunct(t, ']')) depth--;
      else if (depth === 0 && isKeyword(t, 'AS')) as = k;
    }
    const start = this.tokens[i]!.start;
    if (as < 0) throw new SqlError('SYNTAX_ERROR', `mismatched input ')'. Expecting: 'AS'`, this.tokens[close]!.start);
    const expr = this.text(open + 1, as);
    const typeText = this.significantIn(as + 1, close)
      .map((t) => (t.kind === 'quoted' ? t.text : t.text))
      .join(' ');
    let type;
    try {
      type = parseType(typeText);
    } catch (e) {
      throw e instanceof SqlError ? e.withPosition(this.tokens[as + 1]?.start ?? start) : e;
    }
    if (isStringType(type)) out.insert(`lh_varchar(${expr})`, start);
    else out.insert(`${name === 'try_cast' ? 'TRY_CAST' : 'CAST'}(${expr} AS ${duckType(type)})`, start);
    return close;
  }

  /**
   * Trino's `VALUES 1, 2` and `VALUES ROW(1, 'a')` are rows too; DuckDB wants each row in
   * parentheses. Returns the index of the last token of the list.
   */
  private emitValues(at: number, out: SqlBuilder): number {
    const items: Array<[number, number]> = [];
    let depth = 0;
    let start = at + 1;
    let k = at + 1;
    for (; k < this.tokens.length; k++) {
      const t = this.tokens[k]!;
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, ')') || isPunct(t, ']')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && isPunct(t, ',')) {
        items.push([start, k]);
        start = k + 1;
      } else if (depth === 0 && (isKeyword(t, 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'EXCEPT', 'INTERSECT') || isPunct(t, ';'))) break;
    }
    items.push([start, k]);
    items.forEach(([s, e], n) => {
      if (n > 0) out.copy(',', this.tokens[s - 1]!.start);
      const sig = this.significantIn(s, e);
      const firstSig = sig[0];
      if (!firstSig) return;
      const lead = this.tokens.slice(s, this.tokens.indexOf(firstSig)).map((t) => t.text).join('');
      if (isKeyword(firstSig, 'ROW') && isPunct(sig[1], '(') && this.matching(this.tokens.indexOf(sig[1]!)) === this.tokens.indexOf(sig[sig.length - 1]!)) {
        // ROW(a, b) → (a, b)
        out.insert(lead, firstSig.start);
        this.emit(this.tokens.indexOf(sig[1]!), e, out);
        return;
      }
      if (isPunct(firstSig, '(') && this.matching(this.tokens.indexOf(firstSig)) === this.tokens.indexOf(sig[sig.length - 1]!)) {
        this.emit(s, e, out);
        return;
      }
      out.insert(`${lead}(`, firstSig.start);
      this.emit(this.tokens.indexOf(firstSig), e, out);
      out.insert(')', this.tokens[e - 1]?.end ?? firstSig.end);
    });
    return k - 1;
  }

  private text(from: number, to: number): string {
    const b = new SqlBuilder();
    this.emit(from, to, b);
    return b.toString().trim();
  }

  private significantIn(from: number, to: number): Token[] {
    return this.tokens.slice(from, to).filter((t) => !isTrivia(t));
  }

  private matching(open: number): number {
    let depth = 0;
    for (let k = open; k < this.tokens.length; k++) {
      const t = this.tokens[k]!;
      if (isPunct(t, '(')) depth++;
      else if (isPunct(t, ')')) {
        depth--;
        if (depth === 0) return k;
      }
    }
    throw new SqlError('SYNTAX_ERROR', "mismatched input '<EOF>'. Expecting: ')'", this.tokens[open]!.start);
  }

  /** Argument token spans between parentheses, split at depth-0 commas. */
  private splitArgs(open: number, close: number): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    let depth = 0;
    let start = open + 1;
    for (let k = open + 1; k < close; k++) {
      const t = this.tokens[k]!;
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, ')') || isPunct(t, ']')) depth--;
      else if (depth === 0 && isPunct(t, ',')) {
        spans.push([start, k]);
        start = k + 1;
      }
    }
    if (this.significantIn(start, close).length > 0 || spans.length > 0) spans.push([start, close]);
    return spans;
  }
}
