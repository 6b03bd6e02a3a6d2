/**
 * Hive column types as Glue tables carry them (`string`, `decimal(10,2)`,
 * `map<string,array<struct<a:int,b:varchar(20)>>>` …): a parser that refuses what Hive and
 * Athena would refuse, and a printer for the canonical spelling.
 */
export type PrimitiveKind =
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'float'
  | 'double'
  | 'boolean'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp';

export type HiveType =
  | { readonly kind: PrimitiveKind }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'char'; readonly length: number }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly key: HiveType; readonly value: HiveType }
  | { readonly kind: 'struct'; readonly fields: readonly HiveStructField[] }
  | { readonly kind: 'union'; readonly members: readonly HiveType[] };

export interface HiveStructField {
  readonly name: string;
  readonly type: HiveType;
}

/** A type string that is not a Hive type; the message says where and why. */
export class HiveTypeError extends Error {
  constructor(
    readonly typeText: string,
    readonly position: number,
    reason: string,
  ) {
    super(`${reason} at position ${position} of '${typeText}'`);
    this.name = 'HiveTypeError';
  }
}

const PRIMITIVES: Readonly<Record<string, PrimitiveKind>> = {
  tinyint: 'tinyint',
  smallint: 'smallint',
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  float: 'float',
  double: 'double',
  boolean: 'boolean',
  string: 'string',
  binary: 'binary',
  date: 'date',
  timestamp: 'timestamp',
};

const MAX_DECIMAL_PRECISION = 38;
const MAX_CHAR_LENGTH = 255;
const MAX_VARCHAR_LENGTH = 65535;
/** Deeper nesting than this is refused (Hive's own parser recurses; so would ours). */
const MAX_DEPTH = 100;

/** Parses a Hive type string; type names are case-insensitive. Throws HiveTypeError. */
export function parseHiveType(text: string): HiveType {
  const p = new Parser(text);
  const t = p.type(0);
  p.skipSpace();
  if (p.pos < text.length) p.fail(`unexpected '${text[p.pos]}'`);
  return t;
}

/** The reason a type string is refused, or undefined when it is a valid Hive type. */
export function hiveTypeProblem(text: string): string | undefined {
  try {
    parseHiveType(text);
    return undefined;
  } catch (e) {
    if (e instanceof HiveTypeError) return e.message;
    throw e;
  }
}

export function isPrimitive(t: HiveType): boolean {
  return t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct' && t.kind !== 'union';
}

/** The canonical (lower-case, no spaces) spelling of a type. */
export function formatHiveType(t: HiveType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'char':
    case 'varchar':
      return `${t.kind}(${t.length})`;
    case 'array':
      return `array<${formatHiveType(t.element)}>`;
    case 'map':
      return `map<${formatHiveType(t.key)},${formatHiveType(t.value)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${/^[A-Za-z0-9_]+$/.test(f.name) ? f.name : `\`${f.name}\``}:${formatHiveType(f.type)}`).join(',')}>`;
    case 'union':
      return `uniontype<${t.members.map(formatHiveType).join(',')}>`;
    default:
      return t.kind;
  }
}

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(reason: string, at = this.pos): never {
    throw new HiveTypeError(this.text, at, reason);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail(this.pos < this.text.length ? `expected '${ch}' but found '${this.text[this.pos]}'` : `expected '${ch}' but the type ended`);
    this.pos++;
  }

  private word(): string {
    this.skipSpace();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail(this.pos < this.text.length ? `expected a type name but found '${this.text[this.pos]}'` : 'expected a type name but the type ended');
    this.pos += m[0].length;
    return m[0];
  }

  private integer(): number {
    this.skipSpace();
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  type(depth: number): HiveType {
    if (depth > MAX_DEPTH) this.fail('type is nested too deeply');
    const start = (this.skipSpace(), this.pos);
    const name = this.word().toLowerCase();
    const primitive = PRIMITIVES[name];
    if (primitive) {
      // `double precision` is Hive's synonym for double.
      if (primitive === 'double') {
        const save = this.pos;
        this.skipSpace();
        const m = /^precision\b/i.exec(this.text.slice(this.pos));
        if (m) this.pos += m[0].length;
        else this.pos = save;
      }
      return { kind: primitive };
    }
    switch (name) {
      case 'decimal':
      case 'numeric': {
        if (this.peek() !== '(') return { kind: 'decimal', precision: 10, scale: 0 };
        this.pos++;
        const at = this.pos;
        const precision = this.integer();
        let scale = 0;
        if (this.peek() === ',') {
          this.pos++;
          scale = this.integer();
        }
        this.expect(')');
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION) this.fail(`decimal precision must be between 1 and ${MAX_DECIMAL_PRECISION}`, at);
        if (scale > precision) this.fail('decimal scale must not exceed its precision', at);
        return { kind: 'decimal', precision, scale };
      }
      case 'char':
      case 'varchar': {
        const max = name === 'char' ? MAX_CHAR_LENGTH : MAX_VARCHAR_LENGTH;
        this.expect('(');
        const at = this.pos;
        const length = this.integer();
        this.expect(')');
        if (length < 1 || length > max) this.fail(`${name} length must be between 1 and ${max}`, at);
        return { kind: name, length };
      }
      case 'array': {
        this.expect('<');
        const element = this.type(depth + 1);
        this.expect('>');
        return { kind: 'array', element };
      }
      case 'map': {
        this.expect('<');
        const keyAt = (this.skipSpace(), this.pos);
        const key = this.type(depth + 1);
        if (!isPrimitive(key)) this.fail('a map key must be a primitive type', keyAt);
        this.expect(',');
        const value = this.type(depth + 1);
        this.expect('>');
        return { kind: 'map', key, value };
      }
      case 'struct': {
        this.expect('<');
        const fields: HiveStructField[] = [];
        const seen = new Set<string>();
        do {
          if (fields.length > 0) this.pos++; // the comma
          const at = (this.skipSpace(), this.pos);
          const fieldName = this.fieldName();
          if (seen.has(fieldName.toLowerCase())) this.fail(`duplicate struct field '${fieldName}'`, at);
          seen.add(fieldName.toLowerCase());
          this.expect(':');
          fields.push({ name: fieldName, type: this.type(depth + 1) });
        } while (this.peek() === ',');
        this.expect('>');
        return { kind: 'struct', fields };
      }
      case 'uniontype': {
        this.expect('<');
        const members: HiveType[] = [this.type(depth + 1)];
        while (this.peek() === ',') {
          this.pos++;
          members.push(this.type(depth + 1));
        }
        this.expect('>');
        return { kind: 'union', members };
      }
      default:
        return this.fail(`unknown type '${name}'`, start);
    }
  }

  /** A struct field name: a bare name, or any text in backquotes (`` ` `` doubled inside). */
  private fieldName(): string {
    this.skipSpace();
    if (this.text[this.pos] === '`') {
      let out = '';
      let i = this.pos + 1;
      for (;;) {
        const c = this.text[i];
        if (c === undefined) this.fail('unterminated quoted field name');
        if (c === '`') {
          if (this.text[i + 1] === '`') {
            out += '`';
            i += 2;
            continue;
          }
          break;
        }
        out += c;
        i++;
      }
      if (out.length === 0) this.fail('empty field name');
      this.pos = i + 1;
      return out;
    }
    const m = /^[^\s:,<>()`]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail(this.pos < this.text.length ? `expected a field name but found '${this.text[this.pos]}'` : 'expected a field name but the type ended');
    this.pos += m[0].length;
    return m[0];
  }
}
