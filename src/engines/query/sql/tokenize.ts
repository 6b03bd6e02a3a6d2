import { SqlError } from './SqlError.js';

/**
 * A lexer for Trino/Athena SQL (and the Hive DDL Athena accepts). Every character of the
 * input belongs to exactly one token, whitespace and comments included, so joining the
 * token texts gives the input back: rewriters change only the tokens they mean to.
 */
export type TokenKind =
  | 'word' // unquoted identifier or keyword
  | 'quoted' // "identifier"
  | 'backquoted' // `identifier` (Hive DDL)
  | 'string' // 'text'
  | 'number'
  | 'param' // ?
  | 'punct' // ( ) , . ; [ ] and operators
  | 'space'
  | 'comment';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Offset of the first character in the input (UTF-16 units). */
  readonly start: number;
  readonly end: number;
}

const OPERATORS = ['||', '<>', '!=', '<=', '>=', '->', '=>', '::', '(', ')', ',', '.', ';', '[', ']', '+', '-', '*', '/', '%', '=', '<', '>', ':', '{', '}', '|', '&', '^', '~'];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end), start: i, end });
    i = end;
  };
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < n && /\s/.test(sql[j]!)) j++;
      push('space', j);
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      push('comment', nl < 0 ? n : nl);
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      if (close < 0) throw new SqlError('SYNTAX_ERROR', 'unterminated comment', i);
      push('comment', close + 2);
    } else if (c === "'") {
      push('string', closingQuote(sql, i, "'", 'unterminated string literal'));
    } else if (c === '"') {
      push('quoted', closingQuote(sql, i, '"', 'unterminated quoted identifier'));
    } else if (c === '`') {
      push('backquoted', closingQuote(sql, i, '`', 'unterminated quoted identifier'));
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(sql.slice(i, i + 400))!;
      push('number', i + m[0].length);
    } else if (/[\p{L}_]/u.test(c)) {
      let j = i + 1;
      while (j < n && /[\p{L}\p{N}_$]/u.test(sql[j]!)) j++;
      push('word', j);
    } else if (c === '?') {
      push('param', i + 1);
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (!op) throw new SqlError('SYNTAX_ERROR', `unexpected character '${c}'`, i);
      push('punct', i + op.length);
    }
  }
  return tokens;
}

/** The end offset of a quoted token starting at `start`; a doubled quote is an escaped one. */
function closingQuote(sql: string, start: number, quote: string, problem: string): number {
  let j = start + 1;
  for (;;) {
    const k = sql.indexOf(quote, j);
    if (k < 0) throw new SqlError('SYNTAX_ERROR', problem, start);
    if (sql[k + 1] === quote) {
      j = k + 2;
      continue;
    }
    return k + 1;
  }
}

export const isTrivia = (t: Token): boolean => t.kind === 'space' || t.kind === 'comment';

/** The tokens without whitespace and comments. */
export function significant(tokens: readonly Token[]): Token[] {
  return tokens.filter((t) => !isTrivia(t));
}

/** The value of a string literal token. */
export function stringValue(t: Token): string {
  return t.text.slice(1, -1).replaceAll("''", "'");
}

/** The name an identifier token stands for: quoted ones as written, unquoted ones lower-cased (Trino folds case). */
export function identifierValue(t: Token): string {
  switch (t.kind) {
    case 'quoted':
      return t.text.slice(1, -1).replaceAll('""', '"');
    case 'backquoted':
      return t.text.slice(1, -1).replaceAll('``', '`');
    default:
      return t.text.toLowerCase();
  }
}

export const isIdentifier = (t: Token | undefined): t is Token =>
  t !== undefined && (t.kind === 'word' || t.kind === 'quoted' || t.kind === 'backquoted');

export function isKeyword(t: Token | undefined, ...words: string[]): boolean {
  return t !== undefined && t.kind === 'word' && words.includes(t.text.toUpperCase());
}

export function isPunct(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}

/** A SQL string literal for `value`. */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A double-quoted identifier for `name`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
