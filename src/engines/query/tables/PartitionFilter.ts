import type { ColumnRef, ComparisonOp, Literal, Predicate } from '../sql/Predicate.js';

/**
 * Decides whether a partition may hold rows a query wants, from the partition's values and
 * the query's WHERE clause (sql/Predicate.ts). It answers "no" only when a comparison on a
 * partition column is certainly false; everything it cannot judge counts as "maybe".
 */
export interface PartitionColumn {
  readonly name: string;
  /** The column's Hive type: how its values compare. */
  readonly type: string;
}

export class PartitionFilter {
  private readonly byName: Map<string, PartitionColumn>;

  constructor(
    private readonly predicate: Predicate,
    columns: readonly PartitionColumn[],
    /** Qualifiers that name this table in the query (its alias, or its name). */
    private readonly qualifiers: ReadonlySet<string>,
  ) {
    this.byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  }

  /** The partition column a reference in the query means, if it is one of ours. */
  column(ref: ColumnRef): PartitionColumn | undefined {
    const col = this.byName.get(ref.name);
    if (!col) return undefined;
    if (ref.qualifier.length === 0) return col;
    const q = ref.qualifier[ref.qualifier.length - 1]!;
    return this.qualifiers.has(q) ? col : undefined;
  }

  /**
   * May a partition with these values (column name → value; columns not yet known are
   * absent) hold wanted rows?
   */
  mayMatch(values: ReadonlyMap<string, string | null>): boolean {
    return this.eval(this.predicate, values) !== false;
  }

  /** true, false, or undefined (cannot tell). */
  private eval(p: Predicate, values: ReadonlyMap<string, string | null>): boolean | undefined {
    switch (p.kind) {
      case 'and': {
        let result: boolean | undefined = true;
        for (const item of p.items) {
          const r = this.eval(item, values);
          if (r === false) return false;
          if (r === undefined) result = undefined;
        }
        return result;
      }
      case 'or': {
        let result: boolean | undefined = false;
        for (const item of p.items) {
          const r = this.eval(item, values);
          if (r === true) return true;
          if (r === undefined) result = undefined;
        }
        return result;
      }
      case 'compare': {
        const known = this.known(p.column, values);
        if (!known) return undefined;
        if (known.value === null) return false; // NULL compares to nothing
        const c = compareTyped(known.value, p.value, known.column.type);
        return c === undefined ? undefined : holds(p.op, c);
      }
      case 'in': {
        const known = this.known(p.column, values);
        if (!known) return undefined;
        if (known.value === null) return false;
        let any = false;
        for (const v of p.values) {
          const c = compareTyped(known.value, v, known.column.type);
          if (c === undefined) return undefined;
          if (c === 0) any = true;
        }
        return p.negated ? !any : any;
      }
      case 'between': {
        const known = this.known(p.column, values);
        if (!known) return undefined;
        if (known.value === null) return false;
        const lo = compareTyped(known.value, p.low, known.column.type);
        const hi = compareTyped(known.value, p.high, known.column.type);
        if (lo === undefined || hi === undefined) return undefined;
        return lo >= 0 && hi <= 0;
      }
      case 'unknown':
        return undefined;
    }
  }

  private known(ref: ColumnRef, values: ReadonlyMap<string, string | null>): { column: PartitionColumn; value: string | null } | undefined {
    const column = this.column(ref);
    if (!column || !values.has(column.name.toLowerCase())) return undefined;
    return { column, value: values.get(column.name.toLowerCase()) ?? null };
  }
}

function holds(op: ComparisonOp, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal.*)$/;

/** Compares a partition value (text) with a literal the way the query would; undefined when unsure. */
export function compareTyped(value: string, literal: Literal, hiveType: string): number | undefined {
  const type = hiveType.toLowerCase();
  if (NUMERIC.test(type)) {
    if (literal.kind !== 'number' && literal.kind !== 'string') return undefined;
    const a = Number(value);
    const b = Number(literal.text);
    if (value.trim() === '' || literal.text.trim() === '' || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (type === 'date' || type === 'timestamp') {
    if (literal.kind === 'number' || literal.kind === 'boolean') return undefined;
    const a = normaliseTemporal(value, type);
    const b = normaliseTemporal(literal.text, type);
    if (a === undefined || b === undefined) return undefined;
    return a === b ? 0 : a < b ? -1 : 1;
  }
  if (type === 'boolean') {
    if (literal.kind !== 'boolean') return undefined;
    return value.toLowerCase() === literal.text.toLowerCase() ? 0 : value.toLowerCase() < literal.text.toLowerCase() ? -1 : 1;
  }
  // strings compare as strings; comparing a string with a number is a type error in Trino
  if (literal.kind !== 'string') return undefined;
  return value === literal.text ? 0 : value < literal.text ? -1 : 1;
}

/** `2024-01-05`, `2024-01-05 10:00:00.000` → a string that sorts in time order. */
function normaliseTemporal(text: string, type: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (type === 'date') return m[4] === undefined ? date : undefined;
  return `${date} ${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}.${(m[7] ?? '').padEnd(9, '0')}`;
}
