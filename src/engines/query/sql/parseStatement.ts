import { SqlError } from './SqlError.js';
import type {
  ColumnSpec,
  ExternalTableSpec,
  PartitionSpec,
  PropertyValue,
  QueryText,
  Statement,
  TableName,
} from './Statement.js';
import { identifierValue, isIdentifier, isKeyword, isPunct, significant, stringValue, tokenize, type Token } from './tokenize.js';

/**
 * Parses one statement (a trailing `;` is allowed). Queries are left as text spans; DDL,
 * SHOW, DESCRIBE, MSCK, ALTER TABLE, PREPARE/EXECUTE are parsed into data. Errors carry
 * the offset of the offending token.
 */
export function parseStatement(sql: string): Statement {
  return new StatementParser(sql).parse();
}

/** Words that begin a query. */
const QUERY_START = ['SELECT', 'WITH', 'VALUES', 'TABLE'];

class StatementParser {
  private readonly tokens: Token[];
  private pos = 0;
  /** Where the statement's text ends (before a trailing `;`). */
  private readonly end: number;

  constructor(sql: string) {
    this.tokens = significant(tokenize(sql));
    let last = this.tokens.length;
    while (last > 0 && isPunct(this.tokens[last - 1], ';')) last--;
    for (let i = 0; i < last; i++) {
      if (isPunct(this.tokens[i], ';')) throw new SqlError('SYNTAX_ERROR', 'only one statement can run at a time', this.tokens[i]!.start);
    }
    this.tokens = this.tokens.slice(0, last);
    this.end = this.tokens.at(-1)?.end ?? 0;
  }

  parse(): Statement {
    const first = this.peek();
    if (!first) throw new SqlError('SYNTAX_ERROR', 'the statement is empty', 0);
    if (this.startsQuery()) return { kind: 'query', query: this.restAsQuery() };
    const word = first.kind === 'word' ? first.text.toUpperCase() : '';
    switch (word) {
      case 'EXPLAIN':
        return this.explain();
      case 'CREATE':
        return this.create();
      case 'DROP':
        return this.drop();
      case 'INSERT':
        return this.insert();
      case 'SHOW':
        return this.show();
      case 'DESCRIBE':
      case 'DESC':
        return this.describe();
      case 'MSCK':
        return this.msck();
      case 'ALTER':
        return this.alter();
      case 'PREPARE':
        return this.prepare();
      case 'EXECUTE':
        return this.execute();
      case 'DEALLOCATE':
        return this.deallocate();
      case 'UNLOAD':
        return this.unload();
      default:
        throw new SqlError(
          'SYNTAX_ERROR',
          `mismatched input '${first.text}'. Expecting: SELECT, WITH, VALUES, CREATE, INSERT, UNLOAD, SHOW, DESCRIBE, MSCK, ALTER, DROP, EXPLAIN, PREPARE, EXECUTE`,
          first.start,
        );
    }
  }

  // ---- statements ----

  private explain(): Statement {
    this.expectKeyword('EXPLAIN');
    const analyze = this.acceptKeyword('ANALYZE');
    if (isPunct(this.peek(), '(')) {
      // EXPLAIN (FORMAT TEXT, TYPE LOGICAL): options are accepted and ignored
      this.skipParenthesised();
    }
    if (!this.startsQuery()) this.fail('EXPLAIN works on queries (SELECT, WITH, VALUES)');
    return { kind: 'explain', analyze, query: this.restAsQuery() };
  }

  private create(): Statement {
    this.expectKeyword('CREATE');
    const replace = this.acceptSequence('OR', 'REPLACE');
    if (this.acceptKeyword('VIEW')) return this.createView(replace);
    if (replace) this.fail("expecting 'VIEW'");
    if (this.acceptKeyword('DATABASE', 'SCHEMA')) return this.createDatabase();
    const external = this.acceptKeyword('EXTERNAL');
    this.expectKeyword('TABLE');
    const ifNotExists = this.acceptSequence('IF', 'NOT', 'EXISTS');
    const table = this.tableName();
    if (!external) {
      if (isKeyword(this.peek(), 'WITH', 'AS')) return this.createTableAs(table, ifNotExists);
      if (isPunct(this.peek(), '(')) {
        throw new SqlError('NOT_SUPPORTED', 'Only external table creation is supported: use CREATE EXTERNAL TABLE (or CREATE TABLE … AS SELECT)', table.position);
      }
      this.fail("expecting 'WITH' or 'AS'");
    }
    return { kind: 'createTable', spec: this.externalTable(table, ifNotExists) };
  }

  /** CREATE [OR REPLACE] VIEW name [COMMENT '…'] [SECURITY DEFINER|INVOKER] AS query (Trino's syntax). */
  private createView(replace: boolean): Statement {
    const view = this.tableName();
    let comment: string | undefined;
    let security: 'DEFINER' | 'INVOKER' | undefined;
    for (;;) {
      if (this.acceptKeyword('COMMENT')) comment = this.string();
      else if (this.acceptKeyword('SECURITY')) {
        if (!isKeyword(this.peek(), 'DEFINER', 'INVOKER')) this.fail("expecting 'DEFINER' or 'INVOKER'");
        security = this.next()!.text.toUpperCase() as 'DEFINER' | 'INVOKER';
      } else break;
    }
    this.expectKeyword('AS');
    if (!this.startsQuery()) this.fail('expecting a query (SELECT, WITH, VALUES)');
    return {
      kind: 'createView',
      view,
      replace,
      ...(comment !== undefined ? { comment } : {}),
      ...(security !== undefined ? { security } : {}),
      query: this.restAsQuery(),
    };
  }

  /** UNLOAD (query) TO 's3://…' [WITH (property = value, …)]. */
  private unload(): Statement {
    this.expectKeyword('UNLOAD');
    const open = this.peek();
    this.expectPunct('(');
    if (!this.startsQuery()) this.fail('expecting a query (SELECT, WITH, VALUES)');
    const start = this.peek()!.start;
    let depth = 1;
    let last: Token | undefined;
    while (depth > 0) {
      const t = this.next();
      if (!t) throw new SqlError('SYNTAX_ERROR', "mismatched input '<EOF>'. Expecting: ')'", open!.start);
      if (isPunct(t, '(')) depth++;
      else if (isPunct(t, ')')) depth--;
      if (depth > 0) last = t;
    }
    const query = { start, end: last?.end ?? start };
    this.expectKeyword('TO');
    const location = this.string();
    const properties = this.acceptKeyword('WITH') ? this.ctasProperties() : {};
    this.expectEnd();
    return { kind: 'unload', query, location, properties };
  }

  private createDatabase(): Statement {
    const ifNotExists = this.acceptSequence('IF', 'NOT', 'EXISTS');
    const name = this.identifier();
    let comment: string | undefined;
    let location: string | undefined;
    let properties: Record<string, string> = {};
    for (;;) {
      if (this.acceptKeyword('COMMENT')) comment = this.string();
      else if (this.acceptKeyword('LOCATION')) location = this.string();
      else if (this.acceptSequence('WITH', 'DBPROPERTIES')) properties = this.stringProperties();
      else break;
    }
    this.expectEnd();
    return { kind: 'createDatabase', name, ifNotExists, ...(comment !== undefined ? { comment } : {}), ...(location !== undefined ? { location } : {}), properties };
  }

  private externalTable(table: TableName, ifNotExists: boolean): ExternalTableSpec {
    const columns = isPunct(this.peek(), '(') ? this.columnList() : [];
    let comment: string | undefined;
    let partitionKeys: ColumnSpec[] = [];
    let serde: string | undefined;
    let serdeProperties: Record<string, string> = {};
    let inputFormat: string | undefined;
    let outputFormat: string | undefined;
    let location: string | undefined;
    let tableProperties: Record<string, string> = {};
    let storedAs: string | undefined;
    let delimited: Record<string, string> | undefined;
    for (;;) {
      if (this.acceptKeyword('COMMENT')) comment = this.string();
      else if (this.acceptSequence('PARTITIONED', 'BY')) partitionKeys = this.columnList();
      else if (this.acceptSequence('CLUSTERED', 'BY')) {
        this.skipParenthesised();
        if (this.acceptSequence('SORTED', 'BY')) this.skipParenthesised();
        this.expectKeyword('INTO');
        this.next();
        this.expectKeyword('BUCKETS');
      } else if (this.acceptSequence('ROW', 'FORMAT')) {
        if (this.acceptKeyword('SERDE')) {
          serde = this.string();
          if (this.acceptSequence('WITH', 'SERDEPROPERTIES')) serdeProperties = this.stringProperties();
        } else {
          this.expectKeyword('DELIMITED');
          delimited = this.delimitedFormat();
        }
      } else if (this.acceptSequence('STORED', 'AS')) {
        if (this.acceptKeyword('INPUTFORMAT')) {
          inputFormat = this.string();
          this.expectKeyword('OUTPUTFORMAT');
          outputFormat = this.string();
        } else {
          storedAs = this.identifier().toUpperCase();
        }
      } else if (this.acceptKeyword('LOCATION')) location = this.string();
      else if (this.acceptKeyword('TBLPROPERTIES')) tableProperties = this.stringProperties();
      else if (this.acceptSequence('WITH', 'SERDEPROPERTIES')) serdeProperties = this.stringProperties();
      else break;
    }
    this.expectEnd();
    if (storedAs !== undefined) {
      const formats = STORED_AS[storedAs];
      if (!formats) throw new SqlError('NOT_SUPPORTED', `STORED AS ${storedAs} is not supported (PARQUET, TEXTFILE, JSON, ORC, AVRO)`);
      inputFormat = formats.inputFormat;
      outputFormat = formats.outputFormat;
      serde ??= formats.serde;
    }
    if (delimited) {
      serde ??= LAZY_SIMPLE_SERDE;
      serdeProperties = { ...delimited, ...serdeProperties };
    }
    if (serde === undefined && inputFormat === undefined) {
      // Hive's default: text with ^A between fields
      serde = LAZY_SIMPLE_SERDE;
      inputFormat = STORED_AS['TEXTFILE']!.inputFormat;
      outputFormat = STORED_AS['TEXTFILE']!.outputFormat;
    }
    return {
      table,
      ifNotExists,
      columns,
      partitionKeys,
      ...(comment !== undefined ? { comment } : {}),
      ...(serde !== undefined ? { serde } : {}),
      serdeProperties,
      ...(inputFormat !== undefined ? { inputFormat } : {}),
      ...(outputFormat !== undefined ? { outputFormat } : {}),
      ...(location !== undefined ? { location } : {}),
      tableProperties,
    };
  }

  private delimitedFormat(): Record<string, string> {
    const props: Record<string, string> = {};
    for (;;) {
      if (this.acceptSequence('FIELDS', 'TERMINATED', 'BY')) {
        props['field.delim'] = this.string();
        if (this.acceptSequence('ESCAPED', 'BY')) props['escape.delim'] = this.string();
      } else if (this.acceptSequence('COLLECTION', 'ITEMS', 'TERMINATED', 'BY')) props['collection.delim'] = this.string();
      else if (this.acceptSequence('MAP', 'KEYS', 'TERMINATED', 'BY')) props['mapkey.delim'] = this.string();
      else if (this.acceptSequence('LINES', 'TERMINATED', 'BY')) props['line.delim'] = this.string();
      else if (this.acceptSequence('NULL', 'DEFINED', 'AS')) props['serialization.null.format'] = this.string();
      else break;
    }
    if (props['field.delim'] !== undefined) props['serialization.format'] = props['field.delim'];
    return props;
  }

  private createTableAs(table: TableName, ifNotExists: boolean): Statement {
    let properties: Record<string, PropertyValue> = {};
    if (this.acceptKeyword('WITH')) properties = this.ctasProperties();
    this.expectKeyword('AS');
    let parenthesised = false;
    if (isPunct(this.peek(), '(') && this.startsQuery(1)) {
      parenthesised = true;
      this.next();
    }
    if (!this.startsQuery()) this.fail('expecting a query after AS');
    const start = this.peek()!.start;
    let withData = true;
    // The query runs to the end, or to a closing parenthesis and WITH [NO] DATA.
    let endTok = this.tokens.length;
    const tail = this.tokens.slice(-3).map((t) => t.text.toUpperCase());
    if (tail.join(' ') === 'WITH NO DATA') {
      withData = false;
      endTok -= 3;
    } else if (tail.slice(1).join(' ') === 'WITH DATA') endTok -= 2;
    if (parenthesised) {
      if (!isPunct(this.tokens[endTok - 1], ')')) this.fail("expecting ')' after the query");
      endTok -= 1;
    }
    const end = this.tokens[endTok - 1]?.end ?? start;
    this.pos = this.tokens.length;
    return { kind: 'createTableAs', table, ifNotExists, properties, query: { start, end }, withData };
  }

  private ctasProperties(): Record<string, PropertyValue> {
    this.expectPunct('(');
    const props: Record<string, PropertyValue> = {};
    if (this.acceptPunct(')')) return props;
    do {
      const key = this.identifier().toLowerCase();
      this.expectPunct('=');
      props[key] = this.propertyValue();
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return props;
  }

  private propertyValue(): PropertyValue {
    const t = this.peek();
    if (t?.kind === 'string') return this.string();
    if (t?.kind === 'number') {
      this.next();
      return Number(t.text);
    }
    if (isKeyword(t, 'TRUE', 'FALSE')) {
      this.next();
      return t!.text.toUpperCase() === 'TRUE';
    }
    if (isKeyword(t, 'ARRAY')) {
      this.next();
      this.expectPunct('[');
      const items: string[] = [];
      if (!this.acceptPunct(']')) {
        do items.push(this.string());
        while (this.acceptPunct(','));
        this.expectPunct(']');
      }
      return items;
    }
    return this.fail('expecting a string, a number, a boolean or ARRAY[…]');
  }

  private insert(): Statement {
    this.expectKeyword('INSERT');
    this.expectKeyword('INTO');
    const table = this.tableName();
    let columns: string[] | undefined;
    if (isPunct(this.peek(), '(') && !this.startsQuery(1)) {
      this.next();
      columns = [];
      do columns.push(this.identifier());
      while (this.acceptPunct(','));
      this.expectPunct(')');
    }
    if (!this.startsQuery() && !(isPunct(this.peek(), '(') && this.startsQuery(1))) this.fail('expecting a query (SELECT or VALUES)');
    return { kind: 'insert', table, ...(columns ? { columns } : {}), query: this.restAsQuery() };
  }

  private drop(): Statement {
    this.expectKeyword('DROP');
    if (this.acceptKeyword('DATABASE', 'SCHEMA')) {
      const ifExists = this.acceptSequence('IF', 'EXISTS');
      const name = this.identifier();
      const cascade = this.acceptKeyword('CASCADE');
      if (!cascade) this.acceptKeyword('RESTRICT');
      this.expectEnd();
      return { kind: 'dropDatabase', name, ifExists, cascade };
    }
    if (this.acceptKeyword('VIEW')) {
      const ifExists = this.acceptSequence('IF', 'EXISTS');
      const view = this.tableName();
      this.expectEnd();
      return { kind: 'dropView', view, ifExists };
    }
    this.expectKeyword('TABLE');
    const ifExists = this.acceptSequence('IF', 'EXISTS');
    const table = this.tableName();
    this.expectEnd();
    return { kind: 'dropTable', table, ifExists };
  }

  private show(): Statement {
    this.expectKeyword('SHOW');
    if (this.acceptKeyword('TABLES')) {
      let database: string | undefined;
      if (this.acceptKeyword('IN', 'FROM')) database = this.identifier();
      this.acceptKeyword('LIKE');
      const pattern = this.peek()?.kind === 'string' ? this.string() : undefined;
      this.expectEnd();
      return { kind: 'showTables', ...(database !== undefined ? { database } : {}), ...(pattern !== undefined ? { pattern } : {}) };
    }
    if (this.acceptKeyword('VIEWS')) {
      let database: string | undefined;
      if (this.acceptKeyword('IN', 'FROM')) database = this.identifier();
      this.acceptKeyword('LIKE');
      const pattern = this.peek()?.kind === 'string' ? this.string() : undefined;
      this.expectEnd();
      return { kind: 'showViews', ...(database !== undefined ? { database } : {}), ...(pattern !== undefined ? { pattern } : {}) };
    }
    if (this.acceptKeyword('DATABASES', 'SCHEMAS')) {
      this.acceptKeyword('LIKE');
      const pattern = this.peek()?.kind === 'string' ? this.string() : undefined;
      this.expectEnd();
      return { kind: 'showDatabases', ...(pattern !== undefined ? { pattern } : {}) };
    }
    if (this.acceptKeyword('PARTITIONS')) {
      const table = this.tableName();
      this.expectEnd();
      return { kind: 'showPartitions', table };
    }
    if (this.acceptKeyword('COLUMNS')) {
      this.expectKeyword('IN', 'FROM');
      let table = this.tableName();
      if (this.acceptKeyword('IN', 'FROM')) table = { ...table, database: this.identifier() };
      this.expectEnd();
      return { kind: 'showColumns', table };
    }
    if (this.acceptSequence('CREATE', 'TABLE')) {
      const table = this.tableName();
      this.expectEnd();
      return { kind: 'showCreateTable', table };
    }
    if (this.acceptSequence('CREATE', 'VIEW')) {
      const view = this.tableName();
      this.expectEnd();
      return { kind: 'showCreateView', view };
    }
    if (this.acceptKeyword('TBLPROPERTIES')) {
      const table = this.tableName();
      let property: string | undefined;
      if (this.acceptPunct('(')) {
        property = this.string();
        this.expectPunct(')');
      }
      this.expectEnd();
      return { kind: 'showTableProperties', table, ...(property !== undefined ? { property } : {}) };
    }
    return this.fail('expecting TABLES, VIEWS, DATABASES, SCHEMAS, PARTITIONS, COLUMNS, CREATE TABLE, CREATE VIEW or TBLPROPERTIES');
  }

  private describe(): Statement {
    this.next();
    const extended = this.acceptKeyword('EXTENDED', 'FORMATTED');
    const table = this.tableName();
    this.expectEnd();
    return { kind: 'describe', table, extended };
  }

  private msck(): Statement {
    this.expectKeyword('MSCK');
    this.expectKeyword('REPAIR');
    this.expectKeyword('TABLE');
    const table = this.tableName();
    this.expectEnd();
    return { kind: 'repairTable', table };
  }

  private alter(): Statement {
    this.expectKeyword('ALTER');
    this.expectKeyword('TABLE');
    const table = this.tableName();
    if (this.acceptKeyword('ADD')) {
      if (this.acceptKeyword('COLUMNS')) {
        const columns = this.columnList();
        this.expectEnd();
        return { kind: 'addColumns', table, columns };
      }
      const ifNotExists = this.acceptSequence('IF', 'NOT', 'EXISTS');
      const partitions: PartitionSpec[] = [];
      while (this.acceptKeyword('PARTITION')) {
        const values = this.partitionValues();
        const location = this.acceptKeyword('LOCATION') ? this.string() : undefined;
        partitions.push(location === undefined ? { values } : { values, location });
      }
      if (partitions.length === 0) this.fail("expecting 'PARTITION' or 'COLUMNS'");
      this.expectEnd();
      return { kind: 'addPartitions', table, ifNotExists, partitions };
    }
    if (this.acceptKeyword('DROP')) {
      const ifExists = this.acceptSequence('IF', 'EXISTS');
      const partitions: PartitionSpec[] = [];
      do {
        this.expectKeyword('PARTITION');
        partitions.push({ values: this.partitionValues() });
      } while (this.acceptPunct(','));
      this.expectEnd();
      return { kind: 'dropPartitions', table, ifExists, partitions };
    }
    if (this.acceptKeyword('SET')) {
      if (this.acceptKeyword('TBLPROPERTIES')) {
        const properties = this.stringProperties();
        this.expectEnd();
        return { kind: 'setTableProperties', table, properties };
      }
      this.expectKeyword('LOCATION');
      const location = this.string();
      this.expectEnd();
      return { kind: 'setLocation', table, location };
    }
    return this.fail('expecting ADD, DROP or SET');
  }

  private prepare(): Statement {
    this.expectKeyword('PREPARE');
    const name = this.identifier();
    this.expectKeyword('FROM');
    const first = this.peek();
    if (!first) this.fail('expecting a statement after FROM');
    const body = { start: first!.start, end: this.end };
    this.pos = this.tokens.length;
    return { kind: 'prepare', name, body };
  }

  private execute(): Statement {
    this.expectKeyword('EXECUTE');
    const name = this.identifier();
    const parameters: QueryText[] = [];
    if (this.acceptKeyword('USING')) {
      do parameters.push(this.expressionSpan());
      while (this.acceptPunct(','));
    }
    this.expectEnd();
    return { kind: 'execute', name, parameters };
  }

  private deallocate(): Statement {
    this.expectKeyword('DEALLOCATE');
    this.expectKeyword('PREPARE');
    const name = this.identifier();
    this.expectEnd();
    return { kind: 'deallocate', name };
  }

  // ---- pieces ----

  private startsQuery(offset = 0): boolean {
    let i = this.pos + offset;
    while (isPunct(this.tokens[i], '(')) i++;
    return isKeyword(this.tokens[i], ...QUERY_START);
  }

  private restAsQuery(): QueryText {
    const start = this.peek()!.start;
    this.pos = this.tokens.length;
    return { start, end: this.end };
  }

  /** One expression up to a top-level comma (EXECUTE … USING). */
  private expressionSpan(): QueryText {
    const first = this.peek();
    if (!first) return this.fail('expecting a value');
    let depth = 0;
    let last = first;
    while (this.peek()) {
      const t = this.peek()!;
      if (depth === 0 && isPunct(t, ',')) break;
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      if (isPunct(t, ')') || isPunct(t, ']')) depth--;
      last = t;
      this.next();
    }
    return { start: first.start, end: last.end };
  }

  private tableName(): TableName {
    const first = this.peek();
    const parts = [this.identifier()];
    while (this.acceptPunct('.')) parts.push(this.identifier());
    if (parts.length > 3) throw new SqlError('SYNTAX_ERROR', `too many dots in table name '${parts.join('.')}'`, first!.start);
    // a catalog prefix (awsdatacatalog.db.table) names the only catalog there is
    const [database, name] = parts.length === 1 ? [undefined, parts[0]!] : [parts[parts.length - 2]!, parts[parts.length - 1]!];
    return database === undefined ? { name, position: first!.start } : { database, name, position: first!.start };
  }

  private columnList(): ColumnSpec[] {
    this.expectPunct('(');
    const columns: ColumnSpec[] = [];
    do {
      const name = this.identifier();
      const type = this.hiveType();
      const comment = this.acceptKeyword('COMMENT') ? this.string() : undefined;
      columns.push(comment === undefined ? { name, type } : { name, type, comment });
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return columns;
  }

  /** A Hive type: words, `<…>`, `(…)` and `:` up to a top-level comma, `)` or COMMENT. */
  private hiveType(): string {
    const first = this.peek();
    if (!first) return this.fail('expecting a column type');
    let depth = 0;
    let text = '';
    while (this.peek()) {
      const t = this.peek()!;
      if (depth === 0 && (isPunct(t, ',') || isPunct(t, ')') || isKeyword(t, 'COMMENT'))) break;
      if (isPunct(t, '<') || isPunct(t, '(')) depth++;
      if (isPunct(t, '>') || isPunct(t, ')')) depth--;
      text += isIdentifier(t) && t.kind !== 'word' ? identifierValue(t) : t.text.toLowerCase();
      this.next();
    }
    if (text === '') return this.fail('expecting a column type');
    return text;
  }

  private partitionValues(): Array<readonly [string, string]> {
    this.expectPunct('(');
    const values: Array<readonly [string, string]> = [];
    do {
      const key = this.identifier();
      this.expectPunct('=');
      const t = this.next();
      if (!t) return this.fail('expecting a partition value');
      let value: string;
      if (t.kind === 'string') value = stringValue(t);
      else if (t.kind === 'number' || t.kind === 'word') value = t.text;
      else if (isPunct(t, '-') && this.peek()?.kind === 'number') value = `-${this.next()!.text}`;
      else throw new SqlError('SYNTAX_ERROR', `expecting a partition value, not '${t.text}'`, t.start);
      // DATE '2020-01-01' style literals
      if (t.kind === 'word' && this.peek()?.kind === 'string') value = stringValue(this.next()!);
      values.push([key, value]);
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return values;
  }

  private stringProperties(): Record<string, string> {
    this.expectPunct('(');
    const props: Record<string, string> = {};
    if (this.acceptPunct(')')) return props;
    do {
      const key = this.string();
      this.expectPunct('=');
      props[key] = this.string();
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return props;
  }

  private skipParenthesised(): void {
    this.expectPunct('(');
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (!t) this.fail("expecting ')'");
      if (isPunct(t, '(')) depth++;
      if (isPunct(t, ')')) depth--;
    }
  }

  private identifier(): string {
    const t = this.peek();
    if (!isIdentifier(t)) return this.fail('expecting a name');
    this.next();
    return identifierValue(t);
  }

  private string(): string {
    const t = this.peek();
    if (t?.kind !== 'string') return this.fail('expecting a string literal');
    this.next();
    return stringValue(t);
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  private next(): Token | undefined {
    return this.tokens[this.pos++];
  }

  private acceptKeyword(...words: string[]): boolean {
    if (isKeyword(this.peek(), ...words)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private acceptSequence(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!isKeyword(this.peek(i), words[i]!)) return false;
    this.pos += words.length;
    return true;
  }

  private expectKeyword(...words: string[]): void {
    if (!this.acceptKeyword(...words)) this.fail(`expecting '${words.join("' or '")}'`);
  }

  private acceptPunct(text: string): boolean {
    if (isPunct(this.peek(), text)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) this.fail(`expecting '${text}'`);
  }

  private expectEnd(): void {
    if (this.peek()) this.fail('expecting the end of the statement');
  }

  private fail(expecting: string): never {
    const t = this.peek();
    if (!t) throw new SqlError('SYNTAX_ERROR', `mismatched input '<EOF>'. ${capitalise(expecting)}`, this.end);
    throw new SqlError('SYNTAX_ERROR', `mismatched input '${t.text}'. ${capitalise(expecting)}`, t.start);
  }
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const LAZY_SIMPLE_SERDE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';

const STORED_AS: Record<string, { inputFormat: string; outputFormat: string; serde?: string }> = {
  PARQUET: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serde: PARQUET_SERDE,
  },
  TEXTFILE: {
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  },
  JSONFILE: {
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serde: 'org.openx.data.jsonserde.JsonSerDe',
  },
  ORC: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat',
    serde: 'org.apache.hadoop.hive.ql.io.orc.OrcSerde',
  },
  AVRO: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat',
    serde: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe',
  },
};
STORED_AS['JSON'] = STORED_AS['JSONFILE']!;
