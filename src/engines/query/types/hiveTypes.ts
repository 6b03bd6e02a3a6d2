import { SqlError } from '../sql/SqlError.js';

/**
 * Column types: the catalog speaks Hive (`string`, `array<struct<a:int>>`), users' casts
 * speak Trino (`varchar`, `array(row(a integer))`), DuckDB has its own spellings. Both
 * parse into one small tree and print as DuckDB's.
 */
export type TypeNode =
  | { readonly kind: 'primitive'; readonly name: string; readonly params: readonly number[] }
  | { readonly kind: 'array'; readonly element: TypeNode }
  | { readonly kind: 'map'; readonly key: TypeNode; readonly value: TypeNode }
  | { readonly kind: 'struct'; readonly fields: ReadonlyArray<{ readonly name: string; readonly type: TypeNode }> };

const PRIMITIVES: Record<string, string> = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  real: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  binary: 'BLOB',
  varbinary: 'BLOB',
  json: 'JSON',
  uuid: 'UUID',
  time: 'TIME',
  interval: 'INTERVAL',
};

class TypeParser {
  private pos = 0;
  private readonly parts: string[];

  constructor(private readonly text: string) {
    this.parts = text.match(/[A-Za-z_][A-Za-z0-9_]*|"(?:[^"]|"")*"|`(?:[^`]|``)*`|[0-9]+|[<>(),:]/g) ?? [];
  }

  parse(): TypeNode {
    const node = this.type();
    if (this.pos < this.parts.length) this.fail();
    return node;
  }

  private type(): TypeNode {
    const word = this.next()?.toLowerCase();
    if (word === undefined) return this.fail();
    if (word === 'array') {
      const close = this.open();
      const element = this.type();
      this.expect(close);
      return { kind: 'array', element };
    }
    if (word === 'map') {
      const close = this.open();
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect(close);
      return { kind: 'map', key, value };
    }
    if (word === 'struct' || word === 'row') {
      const close = this.open();
      const fields: Array<{ name: string; type: TypeNode }> = [];
      do {
        const name = unquote(this.next() ?? this.fail());
        if (this.peek() === ':') this.pos++;
        fields.push({ name, type: this.type() });
      } while (this.accept(','));
      this.expect(close);
      return { kind: 'struct', fields };
    }
    if (word === 'double' && this.peek()?.toLowerCase() === 'precision') this.pos++;
    const params: number[] = [];
    if (this.peek() === '(') {
      this.pos++;
      do params.push(Number(this.next() ?? this.fail()));
      while (this.accept(','));
      this.expect(')');
    }
    let name = word;
    if ((word === 'timestamp' || word === 'time') && this.peek()?.toLowerCase() === 'with') {
      this.pos++;
      this.expectWord('time');
      this.expectWord('zone');
      name = `${word} with time zone`;
    }
    if (name !== 'decimal' && name !== 'numeric' && !PRIMITIVES[name] && !name.endsWith('with time zone')) {
      throw new SqlError('TYPE_MISMATCH', `Unknown type: ${this.text}`);
    }
    return { kind: 'primitive', name: name === 'numeric' ? 'decimal' : name, params };
  }

  private open(): string {
    const t = this.next();
    if (t === '<') return '>';
    if (t === '(') return ')';
    return this.fail();
  }

  private peek(): string | undefined {
    return this.parts[this.pos];
  }

  private next(): string | undefined {
    return this.parts[this.pos++];
  }

  private accept(p: string): boolean {
    if (this.peek() === p) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(p: string): void {
    if (!this.accept(p)) this.fail();
  }

  private expectWord(w: string): void {
    if (this.next()?.toLowerCase() !== w) this.fail();
  }

  private fail(): never {
    throw new SqlError('TYPE_MISMATCH', `Unknown type: ${this.text}`);
  }
}

function unquote(name: string): string {
  if (name.startsWith('"')) return name.slice(1, -1).replaceAll('""', '"');
  if (name.startsWith('`')) return name.slice(1, -1).replaceAll('``', '`');
  return name.toLowerCase();
}

export function parseType(text: string): TypeNode {
  return new TypeParser(text).parse();
}

export function duckType(node: TypeNode): string {
  switch (node.kind) {
    case 'array':
      return `${duckType(node.element)}[]`;
    case 'map':
      return `MAP(${duckType(node.key)}, ${duckType(node.value)})`;
    case 'struct':
      return `STRUCT(${node.fields.map((f) => `"${f.name.replaceAll('"', '""')}" ${duckType(f.type)}`).join(', ')})`;
    case 'primitive': {
      if (node.name === 'decimal') {
        const [p = 10, s = 0] = node.params;
        return `DECIMAL(${p}, ${s})`;
      }
      if (node.name === 'timestamp with time zone') return 'TIMESTAMP WITH TIME ZONE';
      if (node.name === 'time with time zone') return 'TIME WITH TIME ZONE';
      return PRIMITIVES[node.name]!;
    }
  }
}

/** A Hive or Trino type as DuckDB spells it. */
export function toDuckType(text: string): string {
  return duckType(parseType(text));
}

/** True for the string types (varchar, char, string): Trino's CAST to them formats values its own way. */
export function isStringType(node: TypeNode): boolean {
  return node.kind === 'primitive' && (node.name === 'varchar' || node.name === 'char' || node.name === 'string');
}
