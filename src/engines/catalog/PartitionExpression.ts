import { CatalogError } from './CatalogError.js';
import { parseHiveType, type HiveType } from './HiveType.js';
import type { Column } from './Table.js';

/**
 * Glue's partition filter (GetPartitions' Expression): a SQL WHERE clause over partition
 * keys with =, <>, !=, <, >, <=, >=, AND, OR, NOT, IN, BETWEEN, LIKE and IS [NOT] NULL.
 * Keys of numeric types compare as numbers, the others (string, date, timestamp …) as text,
 * so `month > '01'` on a string key is a string comparison, as on AWS.
 */
export type PartitionPredicate = (values: readonly string[]) => boolean;

/** Hive's name for a partition whose value was NULL. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

type Operand =
  | { readonly kind: 'key'; readonly index: number; readonly numeric: boolean; readonly name: string }
  | { readonly kind: 'literal'; readonly text: string; readonly number: number | undefined };

type Node =
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'not'; readonly inner: Node }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Operand; readonly right: Operand }
  | { readonly kind: 'in'; readonly operand: Operand; readonly list: readonly Operand[]; readonly negated: boolean }
  | { readonly kind: 'between'; readonly operand: Operand; readonly low: Operand; readonly high: Operand; readonly negated: boolean }
  | { readonly kind: 'like'; readonly operand: Operand; readonly pattern: RegExp; readonly negated: boolean }
  | { readonly kind: 'null'; readonly operand: Operand; readonly negated: boolean }
  | { readonly kind: 'const'; readonly value: boolean };

type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

type Token =
  | { readonly t: 'word'; readonly v: string; readonly at: number }
  | { readonly t: 'ident'; readonly v: string; readonly at: number }
  | { readonly t: 'string'; readonly v: string; readonly at: number }
  | { readonly t: 'number'; readonly v: string; readonly at: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: 'end'; readonly v: ''; readonly at: number };

const NUMERIC_KINDS = new Set(['tinyint', 'smallint', 'int', 'bigint', 'decimal']);
const TEXT_KINDS = new Set(['string', 'char', 'varchar', 'date', 'timestamp']);
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'like', 'is', 'null', 'true', 'false']);

function invalid(text: string, reason: string): CatalogError {
  return CatalogError.invalid(`Invalid partition expression '${text}': ${reason}`);
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalid(text, `unterminated string starting at position ${at}`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i];
        i++;
      }
      out.push({ t: 'string', v, at });
      continue;
    }
    if (c === '`' || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw invalid(text, `unterminated quoted name starting at position ${at}`);
      out.push({ t: 'ident', v: text.slice(i + 1, end), at });
      i = end + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(text.slice(i));
    if (num && (c !== '-' || !lastIsOperand(out))) {
      out.push({ t: 'number', v: num[0], at });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0], at });
      i += word[0].length;
      continue;
    }
    const op = /^(<>|!=|<=|>=|=|<|>|\(|\)|,)/.exec(text.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] === '!=' ? '<>' : op[0], at });
      i += op[0].length;
      continue;
    }
    throw invalid(text, `unexpected '${c}' at position ${at}`);
  }
  out.push({ t: 'end', v: '', at: text.length });
  return out;
}

function lastIsOperand(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  if (!last) return false;
  if (last.t === 'op') return last.v === ')';
  return !(last.t === 'word' && KEYWORDS.has(last.v.toLowerCase()));
}

class ExpressionParser {
  private i = 0;
  private readonly keyIndex = new Map<string, { index: number; type: HiveType; name: string }>();

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    keys: readonly Column[],
  ) {
    keys.forEach((k, index) => {
      let type: HiveType;
      try {
        type = parseHiveType(k.type);
      } catch {
        type = { kind: 'string' };
      }
      this.keyIndex.set(k.name.toLowerCase(), { index, type, name: k.name });
    });
  }

  parse(): Node {
    if (this.peek().t === 'end') return { kind: 'const', value: true };
    const node = this.or();
    const rest = this.peek();
    if (rest.t !== 'end') throw this.unexpected(rest);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.i + offset];
    return t !== undefined && t.t === 'word' && t.v.toLowerCase() === word;
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === op;
  }

  private unexpected(t: Token): CatalogError {
    return invalid(this.text, t.t === 'end' ? 'the expression ended too early' : `unexpected '${t.t === 'string' ? `'${t.v}'` : t.v}' at position ${t.at}`);
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) throw this.unexpected(this.peek());
    this.i++;
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('or')) {
      this.i++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isWord('and')) {
      this.i++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Node {
    if (this.isWord('not')) {
      this.i++;
      return { kind: 'not', inner: this.not() };
    }
    return this.primary();
  }

  private primary(): Node {
    if (this.isOp('(')) {
      this.i++;
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    if (this.isWord('true') || this.isWord('false')) {
      const value = this.next().v.toLowerCase() === 'true';
      return { kind: 'const', value };
    }
    const operand = this.operand();
    const negated = this.isWord('not') && (this.isWord('in', 1) || this.isWord('between', 1) || this.isWord('like', 1));
    if (negated) this.i++;
    if (this.isWord('in')) {
      this.i++;
      this.expectOp('(');
      const list = [this.operand()];
      while (this.isOp(',')) {
        this.i++;
        list.push(this.operand());
      }
      this.expectOp(')');
      return { kind: 'in', operand, list, negated };
    }
    if (this.isWord('between')) {
      this.i++;
      const low = this.operand();
      if (!this.isWord('and')) throw this.unexpected(this.peek());
      this.i++;
      const high = this.operand();
      return { kind: 'between', operand, low, high, negated };
    }
    if (this.isWord('like')) {
      this.i++;
      const p = this.next();
      if (p.t !== 'string') throw invalid(this.text, `LIKE needs a quoted pattern (position ${p.at})`);
      return { kind: 'like', operand, pattern: likePattern(p.v), negated };
    }
    if (this.isWord('is')) {
      this.i++;
      const isNot = this.isWord('not');
      if (isNot) this.i++;
      if (!this.isWord('null')) throw this.unexpected(this.peek());
      this.i++;
      return { kind: 'null', operand, negated: isNot };
    }
    const op = this.peek();
    if (op.t === 'op' && ['=', '<>', '<', '>', '<=', '>='].includes(op.v)) {
      this.i++;
      return { kind: 'compare', op: op.v as CompareOp, left: operand, right: this.operand() };
    }
    throw this.unexpected(op);
  }

  private operand(): Operand {
    const t = this.next();
    switch (t.t) {
      case 'string':
        return { kind: 'literal', text: t.v, number: numberOf(t.v) };
      case 'number':
        return { kind: 'literal', text: t.v, number: Number(t.v) };
      case 'word':
        // Typed literals: date '2024-01-01', timestamp '2024-01-01 00:00:00'.
        if ((t.v.toLowerCase() === 'date' || t.v.toLowerCase() === 'timestamp') && this.peek().t === 'string' && !this.keyIndex.has(t.v.toLowerCase())) {
          const s = this.next().v;
          return { kind: 'literal', text: s, number: undefined };
        }
        if (KEYWORDS.has(t.v.toLowerCase())) throw this.unexpected(t);
        return this.key(t.v, t.at);
      case 'ident':
        return this.key(t.v, t.at);
      default:
        throw this.unexpected(t);
    }
  }

  private key(name: string, at: number): Operand {
    const k = this.keyIndex.get(name.toLowerCase());
    if (!k) {
      const known = [...this.keyIndex.values()].map((x) => x.name);
      throw invalid(this.text, `'${name}' at position ${at} is not a partition key${known.length ? ` (the keys are ${known.join(', ')})` : ' (the table has no partition keys)'}`);
    }
    if (NUMERIC_KINDS.has(k.type.kind)) return { kind: 'key', index: k.index, numeric: true, name: k.name };
    if (TEXT_KINDS.has(k.type.kind)) return { kind: 'key', index: k.index, numeric: false, name: k.name };
    throw invalid(this.text, `partition key '${k.name}' has type ${k.type.kind}, which expressions do not support (string, char, varchar, date, timestamp, tinyint, smallint, int, bigint, decimal)`);
  }
}

function numberOf(s: string): number | undefined {
  if (!/^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(s)) return undefined;
  return Number(s);
}

function likePattern(p: string): RegExp {
  let re = '';
  for (const ch of p) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

type Value = { readonly text: string; readonly number: number | undefined; readonly numeric: boolean; readonly isNull: boolean };

function valueOf(o: Operand, values: readonly string[]): Value {
  if (o.kind === 'literal') return { text: o.text, number: o.number, numeric: false, isNull: false };
  const text = values[o.index] ?? '';
  return { text, number: o.numeric ? numberOf(text) : undefined, numeric: o.numeric, isNull: text === HIVE_DEFAULT_PARTITION };
}

/** -1, 0, 1; undefined when the two cannot be compared (a NULL, or text against a numeric key). */
function compare(a: Value, b: Value): number | undefined {
  if (a.isNull || b.isNull) return undefined;
  if (a.numeric || b.numeric) {
    if (a.number === undefined || b.number === undefined) return undefined;
    return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  }
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function evaluate(n: Node, values: readonly string[]): boolean {
  switch (n.kind) {
    case 'const':
      return n.value;
    case 'and':
      return evaluate(n.left, values) && evaluate(n.right, values);
    case 'or':
      return evaluate(n.left, values) || evaluate(n.right, values);
    case 'not':
      return !evaluate(n.inner, values);
    case 'compare': {
      const c = compare(valueOf(n.left, values), valueOf(n.right, values));
      if (c === undefined) return false;
      switch (n.op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        case '>=':
          return c >= 0;
      }
      return false;
    }
    case 'in': {
      const v = valueOf(n.operand, values);
      const found = n.list.some((x) => compare(v, valueOf(x, values)) === 0);
      return n.negated ? !found && !v.isNull : found;
    }
    case 'between': {
      const v = valueOf(n.operand, values);
      const lo = compare(v, valueOf(n.low, values));
      const hi = compare(v, valueOf(n.high, values));
      if (lo === undefined || hi === undefined) return false;
      const inside = lo >= 0 && hi <= 0;
      return n.negated ? !inside : inside;
    }
    case 'like': {
      const v = valueOf(n.operand, values);
      if (v.isNull) return false;
      const m = n.pattern.test(v.text);
      return n.negated ? !m : m;
    }
    case 'null': {
      const v = valueOf(n.operand, values);
      return n.negated ? !v.isNull : v.isNull;
    }
  }
}

/** Compiles an expression against a table's partition keys; throws CatalogError (InvalidInput). */
export function compilePartitionExpression(text: string, keys: readonly Column[]): PartitionPredicate {
  const tree = new ExpressionParser(text, tokenize(text), keys).parse();
  return (values) => evaluate(tree, values);
}
