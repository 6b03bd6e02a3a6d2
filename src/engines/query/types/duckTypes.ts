import { SqlError } from '../sql/SqlError.js';
import type { TypeNode } from './hiveTypes.js';

/**
 * DuckDB's type names (what DESCRIBE prints: `INTEGER`, `DECIMAL(18,3)`, `VARCHAR[]`,
 * `STRUCT(a INTEGER, "B" VARCHAR)`, `MAP(VARCHAR, BIGINT)`) read into the shared type tree,
 * and the tree printed as the catalog's Hive types and as Trino's (the types of a view's
 * columns in its Presto definition).
 */
const DUCK_PRIMITIVES: Record<string, string> = {
  VARCHAR: 'varchar',
  BOOLEAN: 'boolean',
  TINYINT: 'tinyint',
  SMALLINT: 'smallint',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  // DuckDB widens sums to 128 bits; Trino reports bigint
  HUGEINT: 'bigint',
  UTINYINT: 'smallint',
  USMALLINT: 'integer',
  UINTEGER: 'bigint',
  UBIGINT: 'bigint',
  UHUGEINT: 'bigint',
  FLOAT: 'real',
  DOUBLE: 'double',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_NS: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp with time zone',
  TIME: 'time',
  'TIME WITH TIME ZONE': 'time with time zone',
  INTERVAL: 'interval',
  BLOB: 'varbinary',
  JSON: 'json',
  UUID: 'uuid',
  // an untyped NULL column (SELECT NULL AS x)
  NULL: 'varchar',
  '"NULL"': 'varchar',
};

class DuckTypeReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  read(): TypeNode {
    const node = this.type();
    this.space();
    if (this.pos < this.text.length) this.fail();
    return node;
  }

  private type(): TypeNode {
    this.space();
    let node = this.base();
    // T[] and T[3] are lists of T
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '[') break;
      const close = this.text.indexOf(']', this.pos);
      if (close < 0) this.fail();
      this.pos = close + 1;
      node = { kind: 'array', element: node };
    }
    return node;
  }

  private base(): TypeNode {
    const word = this.word().toUpperCase();
    if (word === 'STRUCT' || word === 'ROW') {
      this.expect('(');
      const fields: Array<{ name: string; type: TypeNode }> = [];
      do {
        this.space();
        const name = this.name();
        fields.push({ name, type: this.type() });
        this.space();
      } while (this.accept(','));
      this.expect(')');
      return { kind: 'struct', fields };
    }
    if (word === 'MAP') {
      this.expect('(');
      const key = this.type();
      this.space();
      this.expect(',');
      const value = this.type();
      this.space();
      this.expect(')');
      return { kind: 'map', key, value };
    }
    if (word === 'DECIMAL' || word === 'NUMERIC') {
      const params: number[] = [];
      this.space();
      if (this.accept('(')) {
        do {
          this.space();
          const m = /^\d+/.exec(this.text.slice(this.pos));
          if (!m) this.fail();
          params.push(Number(m[0]));
          this.pos += m[0].length;
          this.space();
        } while (this.accept(','));
        this.expect(')');
      }
      return { kind: 'primitive', name: 'decimal', params: params.length > 0 ? params : [18, 3] };
    }
    let name = word;
    // TIMESTAMP WITH TIME ZONE, TIME WITH TIME ZONE
    const rest = this.text.slice(this.pos);
    const zoned = /^\s+WITH\s+TIME\s+ZONE/i.exec(rest);
    if (zoned) {
      name = `${word} WITH TIME ZONE`;
      this.pos += zoned[0].length;
    }
    // VARCHAR(10) and the like: the length does not change the type
    this.space();
    if (this.text[this.pos] === '(' && name !== 'UNION' && name !== 'ENUM') {
      const close = this.text.indexOf(')', this.pos);
      if (close < 0) this.fail();
      this.pos = close + 1;
    }
    const primitive = DUCK_PRIMITIVES[name];
    if (primitive !== undefined) return { kind: 'primitive', name: primitive, params: [] };
    if (name === 'ENUM') {
      this.skipParenthesised();
      return { kind: 'primitive', name: 'varchar', params: [] };
    }
    throw new SqlError('NOT_SUPPORTED', `Type ${this.text} has no counterpart in Athena`);
  }

  /** A struct field name: bare or double-quoted. */
  private name(): string {
    if (this.text[this.pos] === '"') {
      let out = '';
      let i = this.pos + 1;
      for (;;) {
        const c = this.text[i];
        if (c === undefined) this.fail();
        if (c === '"') {
          if (this.text[i + 1] === '"') {
            out += '"';
            i += 2;
            continue;
          }
          break;
        }
        out += c;
        i++;
      }
      this.pos = i + 1;
      return out;
    }
    return this.word();
  }

  private word(): string {
    this.space();
    const m = /^"NULL"|^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail();
    this.pos += m[0].length;
    return m[0];
  }

  private skipParenthesised(): void {
    this.space();
    if (this.text[this.pos] !== '(') return;
    let depth = 0;
    let quote: string | undefined;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos]!;
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos++;
        return;
      }
    }
    this.fail();
  }

  private space(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  private accept(c: string): boolean {
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private expect(c: string): void {
    this.space();
    if (!this.accept(c)) this.fail();
  }

  private fail(): never {
    throw new SqlError('NOT_SUPPORTED', `Cannot read the type ${this.text}`);
  }
}

/** A type as DuckDB prints it, read into the shared tree. */
export function fromDuckType(text: string): TypeNode {
  return new DuckTypeReader(text.trim()).read();
}

/** The Hive type the catalog stores for a type (Glue's StorageDescriptor columns). */
export function hiveTypeName(node: TypeNode): string {
  switch (node.kind) {
    case 'array':
      return `array<${hiveTypeName(node.element)}>`;
    case 'map':
      return `map<${hiveTypeName(node.key)},${hiveTypeName(node.value)}>`;
    case 'struct':
      return `struct<${node.fields.map((f) => `${f.name.toLowerCase()}:${hiveTypeName(f.type)}`).join(',')}>`;
    case 'primitive':
      switch (node.name) {
        case 'varchar':
        case 'string':
        case 'json':
        case 'uuid':
          return 'string';
        case 'integer':
        case 'int':
          return 'int';
        case 'real':
        case 'float':
          return 'float';
        case 'varbinary':
        case 'binary':
          return 'binary';
        case 'timestamp':
        case 'timestamp with time zone':
          return 'timestamp';
        case 'decimal':
          return `decimal(${node.params[0] ?? 10},${node.params[1] ?? 0})`;
        case 'boolean':
        case 'tinyint':
        case 'smallint':
        case 'bigint':
        case 'double':
        case 'date':
          return node.name;
        default:
          throw new SqlError('NOT_SUPPORTED', `Hive has no type for ${trinoTypeName(node)}`);
      }
  }
}

/** Trino's name for a type, as a Presto view definition lists its columns (`varchar`, `array(row(a integer))`). */
export function trinoTypeName(node: TypeNode): string {
  switch (node.kind) {
    case 'array':
      return `array(${trinoTypeName(node.element)})`;
    case 'map':
      return `map(${trinoTypeName(node.key)}, ${trinoTypeName(node.value)})`;
    case 'struct':
      return `row(${node.fields.map((f) => `${trinoFieldName(f.name)} ${trinoTypeName(f.type)}`).join(', ')})`;
    case 'primitive':
      switch (node.name) {
        case 'string':
          return 'varchar';
        case 'varchar':
        case 'char':
          return node.params.length > 0 ? `${node.name}(${node.params[0]})` : node.name;
        case 'int':
          return 'integer';
        case 'float':
          return 'real';
        case 'binary':
          return 'varbinary';
        case 'timestamp':
          return 'timestamp(3)';
        case 'timestamp with time zone':
          return 'timestamp(3) with time zone';
        case 'time':
          return 'time(3)';
        case 'time with time zone':
          return 'time(3) with time zone';
        case 'interval':
          return 'interval day to second';
        case 'decimal':
          return `decimal(${node.params[0] ?? 10},${node.params[1] ?? 0})`;
        default:
          return node.name;
      }
  }
}

function trinoFieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** A DuckDB result type as the Hive type the catalog stores (CTAS, views). */
export function hiveTypeOf(duck: string): string {
  try {
    return hiveTypeName(fromDuckType(duck));
  } catch (e) {
    if (e instanceof SqlError) throw new SqlError('NOT_SUPPORTED', `Cannot store a column of type ${duck} in a table`);
    throw e;
  }
}
