import type { ColumnRef, ComparisonOp, Literal, Predicate } from './Predicate.js';
import { UNKNOWN } from './Predicate.js';

/**
 * Reads DuckDB's parse tree of a query (json_serialize_sql) for what the translation
 * needs: which names in FROM are tables (not CTEs), where they are, what the WHERE clause
 * around them says about their columns, and the outermost select list. DuckDB's parser
 * accepts Trino's query syntax; only meaning differs, and that is fixed by rewriting text.
 */
type Json = Record<string, unknown>;

export interface TableReference {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  readonly alias: string;
  /** Byte offset of the name in the parsed text. */
  readonly location: number;
  /** The WHERE clause of the query block that reads this table directly. */
  readonly predicate: Predicate;
}

export interface SelectItem {
  readonly location: number;
  readonly alias: string;
  /** COLUMN_REF, STAR, FUNCTION … */
  readonly exprClass: string;
  /** For column references: the column's name (last part). */
  readonly columnName?: string;
}

export interface QueryShape {
  readonly tables: TableReference[];
  readonly tableFunctions: Array<{ name: string; location: number }>;
  /** The outermost select list (the left-most one for UNION …), which names the result columns. */
  readonly outputItems: SelectItem[] | undefined;
  /**
   * 'small' when the result is surely small (aggregated, or a LIMIT): it can be collected
   * whole, which DuckDB does faster than streaming it.
   */
  readonly resultSize: 'small' | 'unknown';
  /** Set when the query only picks and renames columns of one table (see `passThroughOf`). */
  readonly passThrough?: PassThrough;
}

/**
 * A query that is `SELECT <columns, *> FROM one_table [WHERE …] [ORDER BY …]`: each row of
 * its result is one row of the table, and its columns are columns of the table. A
 * condition on a result column is then a condition on the table's column, so a view like
 * this lets a query's partition filter reach the table underneath.
 */
export interface PassThrough {
  /** Byte offset of the table's name (the TableReference's location). */
  readonly location: number;
  /** The table's column behind a result column (lower case), or undefined. */
  readonly columnOf: (resultColumn: string) => string | undefined;
}

const AGGREGATES = new Set(['count_star', 'count', 'sum', 'avg', 'min', 'max', 'approx_count_distinct', 'approx_quantile', 'any_value', 'count_if', 'bool_and', 'bool_or', 'stddev', 'variance', 'max_by', 'min_by']);
const SMALL_LIMIT = 100_000;

function resultSize(root: Json | undefined): 'small' | 'unknown' {
  if (!root) return 'unknown';
  const modifiers = (root['modifiers'] as Json[] | undefined) ?? [];
  for (const m of modifiers) {
    const limit = m['type'] === 'LIMIT_MODIFIER' ? (m['limit'] as Json | undefined) : undefined;
    const value = (limit?.['value'] as { value?: unknown } | undefined)?.value;
    if (limit?.['class'] === 'CONSTANT' && typeof value === 'number' && value <= SMALL_LIMIT) return 'small';
  }
  if (root['type'] !== 'SELECT_NODE') return 'unknown';
  if (((root['group_expressions'] as unknown[] | undefined) ?? []).length > 0) return 'small';
  if ((root['from_table'] as Json | undefined)?.['type'] === 'EMPTY') return 'small';
  const items = (root['select_list'] as Json[] | undefined) ?? [];
  return items.length > 0 && items.every((i) => i['class'] === 'FUNCTION' && AGGREGATES.has(String(i['function_name']))) ? 'small' : 'unknown';
}

const INVALID_LOCATION = 2 ** 53;

export function analyzeQuery(tree: unknown): QueryShape {
  const statement = (tree as { statements?: Json[] }).statements?.[0];
  const root = statement?.['node'] as Json | undefined;
  const cteNames = new Set<string>();
  const tables = new Map<number, TableReference>();
  const tableFunctions: Array<{ name: string; location: number }> = [];

  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Json;
    const cteMap = (node['cte_map'] as { map?: Array<{ key: string }> } | undefined)?.map;
    if (cteMap) for (const entry of cteMap) cteNames.add(entry.key.toLowerCase());
    if (node['type'] === 'SELECT_NODE') {
      const predicate = node['where_clause'] ? toPredicate(node['where_clause'] as Json) : UNKNOWN;
      for (const ref of directTables(node['from_table'] as Json | undefined)) {
        const loc = location(ref);
        if (!tables.has(loc)) tables.set(loc, tableReference(ref, predicate));
      }
    } else if (node['type'] === 'BASE_TABLE') {
      const loc = location(node);
      if (!tables.has(loc)) tables.set(loc, tableReference(node, UNKNOWN));
    } else if (node['type'] === 'TABLE_FUNCTION') {
      const fn = node['function'] as Json | undefined;
      tableFunctions.push({ name: String(fn?.['function_name'] ?? '').toLowerCase(), location: location(node) });
    }
    for (const v of Object.values(node)) if (v !== null && typeof v === 'object') visit(v);
  };
  visit(root);

  const isCte = (t: TableReference) => t.schema === '' && t.catalog === '' && cteNames.has(t.table.toLowerCase());
  return {
    tables: [...tables.values()].filter((t) => !isCte(t) && t.location < INVALID_LOCATION),
    tableFunctions,
    outputItems: outputItems(root),
    resultSize: resultSize(root),
    ...passThroughOf(root),
  };
}

function passThroughOf(root: Json | undefined): { passThrough?: PassThrough } {
  if (!root || root['type'] !== 'SELECT_NODE') return {};
  const ctes = (root['cte_map'] as { map?: unknown[] } | undefined)?.map ?? [];
  const modifiers = (root['modifiers'] as Json[] | undefined) ?? [];
  const grouped = ((root['group_expressions'] as unknown[] | undefined) ?? []).length > 0 || ((root['group_sets'] as unknown[] | undefined) ?? []).length > 0;
  // LIMIT and DISTINCT make a row depend on other rows; GROUP BY, HAVING, QUALIFY likewise
  if (ctes.length > 0 || grouped || root['having'] || root['qualify'] || root['sample']) return {};
  if (modifiers.some((m) => m['type'] !== 'ORDER_MODIFIER')) return {};
  const from = root['from_table'] as Json | undefined;
  if (from?.['type'] !== 'BASE_TABLE' || ((from['column_name_alias'] as unknown[] | undefined) ?? []).length > 0 || from['sample']) return {};
  const named = new Map<string, string>();
  let star = false;
  for (const item of (root['select_list'] as Json[] | undefined) ?? []) {
    if (item['class'] === 'COLUMN_REF') {
      const names = item['column_names'] as string[];
      const column = names[names.length - 1]!.toLowerCase();
      const alias = String(item['alias'] ?? '').toLowerCase();
      named.set(alias === '' ? column : alias, column);
    } else if (item['class'] === 'STAR' && isPlainStar(item)) {
      star = true;
    } else {
      return {};
    }
  }
  return { passThrough: { location: location(from), columnOf: (c) => named.get(c) ?? (star ? c : undefined) } };
}

function isPlainStar(item: Json): boolean {
  const empty = (k: string) => ((item[k] as unknown[] | undefined) ?? []).length === 0;
  return item['columns'] !== true && !item['expr'] && empty('exclude_list') && empty('replace_list') && empty('rename_list') && empty('qualified_exclude_list');
}

function location(node: Json): number {
  const loc = node['query_location'];
  return typeof loc === 'number' ? loc : INVALID_LOCATION;
}

function tableReference(node: Json, predicate: Predicate): TableReference {
  return {
    catalog: String(node['catalog_name'] ?? ''),
    schema: String(node['schema_name'] ?? ''),
    table: String(node['table_name'] ?? ''),
    alias: String(node['alias'] ?? ''),
    location: location(node),
    predicate,
  };
}

/** BASE_TABLEs reachable from a FROM clause through joins, not through subqueries. */
function directTables(from: Json | undefined): Json[] {
  if (!from) return [];
  if (from['type'] === 'BASE_TABLE') return [from];
  if (from['type'] === 'JOIN') return [...directTables(from['left'] as Json), ...directTables(from['right'] as Json)];
  return [];
}

function outputItems(root: Json | undefined): SelectItem[] | undefined {
  let node = root;
  while (node && node['type'] === 'SET_OPERATION_NODE') node = node['left'] as Json;
  if (!node || node['type'] !== 'SELECT_NODE') return undefined;
  const list = node['select_list'] as Json[] | undefined;
  if (!list) return undefined;
  return list.map((item) => {
    const exprClass = String(item['class']);
    const names = item['column_names'] as string[] | undefined;
    const columnName = exprClass === 'COLUMN_REF' && names ? names[names.length - 1] : undefined;
    return {
      location: location(item),
      alias: String(item['alias'] ?? ''),
      exprClass,
      ...(columnName !== undefined ? { columnName } : {}),
    };
  });
}

// ---- WHERE → Predicate ----

const COMPARISONS: Record<string, ComparisonOp> = {
  COMPARE_EQUAL: '=',
  COMPARE_NOTEQUAL: '<>',
  COMPARE_LESSTHAN: '<',
  COMPARE_GREATERTHAN: '>',
  COMPARE_LESSTHANOREQUALTO: '<=',
  COMPARE_GREATERTHANOREQUALTO: '>=',
};

const FLIPPED: Record<ComparisonOp, ComparisonOp> = { '=': '=', '<>': '<>', '<': '>', '>': '<', '<=': '>=', '>=': '<=' };

export function toPredicate(e: Json): Predicate {
  const type = String(e['type']);
  if (type === 'CONJUNCTION_AND' || type === 'CONJUNCTION_OR') {
    const items = ((e['children'] as Json[]) ?? []).map(toPredicate);
    return { kind: type === 'CONJUNCTION_AND' ? 'and' : 'or', items };
  }
  const op = COMPARISONS[type];
  if (op) {
    const left = e['left'] as Json;
    const right = e['right'] as Json;
    const lc = columnRef(left);
    const rv = literal(right);
    if (lc && rv) return { kind: 'compare', column: lc, op, value: rv };
    const rc = columnRef(right);
    const lv = literal(left);
    if (rc && lv) return { kind: 'compare', column: rc, op: FLIPPED[op], value: lv };
    return UNKNOWN;
  }
  if (type === 'COMPARE_IN' || type === 'COMPARE_NOT_IN') {
    const [first, ...rest] = (e['children'] as Json[]) ?? [];
    const column = first ? columnRef(first) : undefined;
    const values = rest.map(literal);
    if (!column || values.some((v) => v === undefined)) return UNKNOWN;
    return { kind: 'in', column, values: values as Literal[], negated: type === 'COMPARE_NOT_IN' };
  }
  if (type === 'COMPARE_BETWEEN') {
    const column = columnRef(e['input'] as Json);
    const low = literal(e['lower'] as Json);
    const high = literal(e['upper'] as Json);
    if (!column || !low || !high) return UNKNOWN;
    return { kind: 'between', column, low, high };
  }
  return UNKNOWN;
}

function columnRef(e: Json | undefined): ColumnRef | undefined {
  if (!e || e['class'] !== 'COLUMN_REF') return undefined;
  const names = (e['column_names'] as string[]).map((n) => n.toLowerCase());
  const name = names.pop();
  return name === undefined ? undefined : { qualifier: names, name };
}

const LITERAL_KIND: Record<string, Literal['kind']> = {
  VARCHAR: 'string',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  BOOLEAN: 'boolean',
};

function literal(e: Json | undefined): Literal | undefined {
  if (!e) return undefined;
  if (e['class'] === 'CONSTANT') {
    const v = e['value'] as { type?: { id?: string }; is_null?: boolean; value?: unknown } | undefined;
    if (!v || v.is_null) return undefined;
    const id = v.type?.id ?? '';
    const kind = LITERAL_KIND[id] ?? (/INT|DECIMAL|DOUBLE|FLOAT/.test(id) ? 'number' : undefined);
    if (!kind) return undefined;
    const scale = (v.type as { type_info?: { scale?: number } } | undefined)?.type_info?.scale;
    return { kind, text: constantText(v.value, id, scale) };
  }
  if (e['class'] === 'CAST' && e['try_cast'] !== true) {
    const inner = literal(e['child'] as Json);
    const target = (e['cast_type'] as { id?: string } | undefined)?.id ?? '';
    if (!inner) return undefined;
    const kind = LITERAL_KIND[target] ?? (/INT|DECIMAL|DOUBLE|FLOAT/.test(target) ? 'number' : undefined);
    return kind ? { kind, text: inner.text } : undefined;
  }
  return undefined;
}

function constantText(value: unknown, typeId: string, scale: number | undefined): string {
  // DuckDB serialises a DECIMAL constant as its unscaled integer
  if (typeId === 'DECIMAL' && typeof value === 'number' && scale) return String(value / 10 ** scale);
  return typeof value === 'string' ? value : String(value);
}
