import { ConversionError } from './ConversionError.js';

/** A column type of a Glue (Hive) table, parsed from its type string. */
export type HiveType =
  | { kind: 'string' }
  | { kind: 'char'; length: number }
  | { kind: 'varchar'; length: number }
  | { kind: 'boolean' }
  | { kind: 'tinyint' }
  | { kind: 'smallint' }
  | { kind: 'int' }
  | { kind: 'bigint' }
  | { kind: 'float' }
  | { kind: 'double' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'date' }
  | { kind: 'timestamp' }
  | { kind: 'binary' }
  | { kind: 'array'; element: HiveType }
  | { kind: 'map'; key: HiveType; value: HiveType }
  | { kind: 'struct'; fields: HiveField[] };

/** A struct field. Names are lower-cased, as Glue and Hive store them. */
export interface HiveField {
  name: string;
  type: HiveType;
}

const SIMPLE: Record<string, HiveType> = {
  string: { kind: 'string' },
  boolean: { kind: 'boolean' },
  tinyint: { kind: 'tinyint' },
  smallint: { kind: 'smallint' },
  int: { kind: 'int' },
  integer: { kind: 'int' },
  bigint: { kind: 'bigint' },
  float: { kind: 'float' },
  double: { kind: 'double' },
  date: { kind: 'date' },
  timestamp: { kind: 'timestamp' },
  binary: { kind: 'binary' },
};

/**
 * Parses a Hive type string such as `map<string,array<struct<a:int,b:decimal(10,2)>>>`.
 * Type names are case-insensitive; `decimal` alone is decimal(10,0), as in Hive.
 */
export function parseHiveType(text: string): HiveType {
  const parser = new TypeParser(text);
  const type = parser.type();
  parser.end();
  return type;
}

/**
 * The DuckDB type that holds a Hive type's values and writes the Parquet type Athena expects.
 * With `binaryAs: 'VARCHAR'` it is the type to load base64-encoded binary values as.
 */
export function duckDbType(type: HiveType, binaryAs: 'BLOB' | 'VARCHAR' = 'BLOB'): string {
  switch (type.kind) {
    case 'string':
    case 'char':
    case 'varchar':
      return 'VARCHAR';
    case 'boolean':
      return 'BOOLEAN';
    case 'tinyint':
      return 'TINYINT';
    case 'smallint':
      return 'SMALLINT';
    case 'int':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${type.precision},${type.scale})`;
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'binary':
      return binaryAs;
    case 'array':
      return `${duckDbType(type.element, binaryAs)}[]`;
    case 'map':
      return `MAP(${duckDbType(type.key, binaryAs)}, ${duckDbType(type.value, binaryAs)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((f) => `${quoteIdentifier(f.name)} ${duckDbType(f.type, binaryAs)}`).join(', ')})`;
  }
}

/** Whether a type holds binary anywhere (binary travels as base64 text and needs decoding). */
export function containsBinary(type: HiveType): boolean {
  switch (type.kind) {
    case 'binary':
      return true;
    case 'array':
      return containsBinary(type.element);
    case 'map':
      return containsBinary(type.key) || containsBinary(type.value);
    case 'struct':
      return type.fields.some((f) => containsBinary(f.type));
    default:
      return false;
  }
}

/** Hive's spelling of a type, e.g. `array<struct<a:int>>`, for messages. */
export function hiveTypeName(type: HiveType): string {
  switch (type.kind) {
    case 'char':
    case 'varchar':
      return `${type.kind}(${type.length})`;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${hiveTypeName(type.element)}>`;
    case 'map':
      return `map<${hiveTypeName(type.key)},${hiveTypeName(type.value)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${hiveTypeName(f.type)}`).join(',')}>`;
    default:
      return type.kind;
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A small recursive-descent parser over the type string. */
class TypeParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  type(): HiveType {
    const name = this.word().toLowerCase();
    switch (name) {
      case 'array': {
        this.expect('<');
        const element = this.type();
        this.expect('>');
        return { kind: 'array', element };
      }
      case 'map': {
        this.expect('<');
        const key = this.type();
        if (['array', 'map', 'struct'].includes(key.kind)) this.fail('a map key must be a primitive type');
        this.expect(',');
        const value = this.type();
        this.expect('>');
        return { kind: 'map', key, value };
      }
      case 'struct':
        return { kind: 'struct', fields: this.structFields() };
      case 'char':
      case 'varchar': {
        this.expect('(');
        const length = this.integer();
        this.expect(')');
        const max = name === 'char' ? 255 : 65535;
        if (length < 1 || length > max) this.fail(`${name} length must be between 1 and ${max}`);
        return { kind: name, length };
      }
      case 'decimal':
      case 'numeric':
        return this.decimal();
      case 'double':
        // Hive also accepts "double precision".
        if (this.peekWord().toLowerCase() === 'precision') this.word();
        return { kind: 'double' };
      case 'uniontype':
        return this.fail('uniontype is not supported by record format conversion');
      default: {
        const simple = SIMPLE[name];
        if (!simple) return this.fail(`unknown type "${name}"`);
        return simple;
      }
    }
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(`unexpected "${this.text.slice(this.pos)}"`);
  }

  private decimal(): HiveType {
    let precision = 10;
    let scale = 0;
    if (this.peek() === '(') {
      this.expect('(');
      precision = this.integer();
      if (this.peek() === ',') {
        this.expect(',');
        scale = this.integer();
      }
      this.expect(')');
    }
    if (precision < 1 || precision > 38) this.fail('decimal precision must be between 1 and 38');
    if (scale > precision) this.fail('decimal scale must not exceed its precision');
    return { kind: 'decimal', precision, scale };
  }

  private structFields(): HiveField[] {
    this.expect('<');
    const fields: HiveField[] = [];
    const seen = new Set<string>();
    if (this.peek() === '>') this.fail('a struct needs at least one field');
    for (;;) {
      const name = this.fieldName().toLowerCase();
      if (seen.has(name)) this.fail(`duplicate struct field "${name}"`);
      seen.add(name);
      this.expect(':');
      fields.push({ name, type: this.type() });
      if (this.peek() === ',') {
        this.expect(',');
        continue;
      }
      this.expect('>');
      return fields;
    }
  }

  /** A struct field name: a bare word, or a backquoted name that may hold any character. */
  private fieldName(): string {
    this.skipSpace();
    if (this.text[this.pos] === '`') {
      const close = this.text.indexOf('`', this.pos + 1);
      if (close < 0) this.fail('unterminated `quoted` field name');
      const name = this.text.slice(this.pos + 1, close);
      this.pos = close + 1;
      if (name === '') this.fail('empty field name');
      return name;
    }
    const match = /^[^\s:<>,()`]+/.exec(this.text.slice(this.pos));
    if (!match) return this.fail('expected a field name');
    this.pos += match[0].length;
    return match[0];
  }

  private word(): string {
    const word = this.peekWord();
    if (word === '') this.fail('expected a type name');
    this.pos += word.length;
    return word;
  }

  private peekWord(): string {
    this.skipSpace();
    return /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0] ?? '';
  }

  private integer(): number {
    this.skipSpace();
    const match = /^\d+/.exec(this.text.slice(this.pos));
    if (!match) return this.fail('expected a number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected "${char}"`);
    this.pos++;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  private fail(reason: string): never {
    throw new ConversionError('InvalidSchema', `Invalid type "${this.text}" at position ${this.pos}: ${reason}`);
  }
}
