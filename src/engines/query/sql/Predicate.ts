/**
 * The part of a WHERE clause that can prune partitions: comparisons of a column with
 * literals, combined with AND/OR. Anything else is `unknown` (it may hold for any
 * partition), so pruning never drops a partition the query needs.
 */
export interface ColumnRef {
  /** Qualifier parts before the column name (alias, or database and table). */
  readonly qualifier: readonly string[];
  readonly name: string;
}

export type LiteralKind = 'string' | 'number' | 'date' | 'timestamp' | 'boolean';

export interface Literal {
  readonly kind: LiteralKind;
  readonly text: string;
}

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Predicate =
  | { readonly kind: 'compare'; readonly column: ColumnRef; readonly op: ComparisonOp; readonly value: Literal }
  | { readonly kind: 'in'; readonly column: ColumnRef; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly kind: 'between'; readonly column: ColumnRef; readonly low: Literal; readonly high: Literal }
  | { readonly kind: 'and'; readonly items: readonly Predicate[] }
  | { readonly kind: 'or'; readonly items: readonly Predicate[] }
  | { readonly kind: 'unknown' };

export const UNKNOWN: Predicate = { kind: 'unknown' };

/** The equality values a predicate allows for `column` (for injected projections), or undefined when not pinned. */
export function pinnedValues(p: Predicate, matches: (c: ColumnRef) => boolean): string[] | undefined {
  switch (p.kind) {
    case 'compare':
      return p.op === '=' && matches(p.column) ? [p.value.text] : undefined;
    case 'in':
      return !p.negated && matches(p.column) ? p.values.map((v) => v.text) : undefined;
    case 'and': {
      for (const item of p.items) {
        const v = pinnedValues(item, matches);
        if (v) return v;
      }
      return undefined;
    }
    case 'or': {
      const all: string[] = [];
      for (const item of p.items) {
        const v = pinnedValues(item, matches);
        if (!v) return undefined;
        all.push(...v);
      }
      return all;
    }
    default:
      return undefined;
  }
}

/** Both predicates (either may be unknown). */
export function both(a: Predicate, b: Predicate): Predicate {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  return { kind: 'and', items: [a, b] };
}

/**
 * The part of a predicate about one relation, its columns unqualified: references qualified
 * by another name (`o.dt` when the relation is `v`) become unknown.
 */
export function aboutRelation(p: Predicate, qualifiers: ReadonlySet<string>): Predicate {
  return mapColumns(p, (c) => (c.qualifier.length === 0 || qualifiers.has(c.qualifier[c.qualifier.length - 1]!) ? { qualifier: [], name: c.name } : undefined));
}

/** A predicate over renamed columns; a column `rename` has no name for makes its comparison unknown. */
export function renameColumns(p: Predicate, rename: (name: string) => string | undefined): Predicate {
  return mapColumns(p, (c) => {
    const name = rename(c.name);
    return name === undefined ? undefined : { qualifier: c.qualifier, name };
  });
}

function mapColumns(p: Predicate, map: (c: ColumnRef) => ColumnRef | undefined): Predicate {
  switch (p.kind) {
    case 'and':
    case 'or':
      return { kind: p.kind, items: p.items.map((i) => mapColumns(i, map)) };
    case 'compare':
    case 'in':
    case 'between': {
      const column = map(p.column);
      return column ? { ...p, column } : UNKNOWN;
    }
    default:
      return p;
  }
}
