import type { TableDefinition } from '../../catalog/Table.js';
import { SqlError } from '../sql/SqlError.js';
import { escapeRegex, JavaDatePattern } from './JavaDatePattern.js';
import type { PartitionFilter } from './PartitionFilter.js';

/**
 * Athena's partition projection: partitions computed from table properties instead of
 * read from the catalog. `projection.enabled=true`, and for every partition key
 * `projection.<key>.type` = enum | integer | date | injected with its `.values`, `.range`,
 * `.format`, `.interval`, `.interval.unit`, `.digits`; `storage.location.template` places
 * each partition (default: `<location>/<key>=<value>/…`).
 */
export type ProjectedColumn =
  | { readonly name: string; readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly name: string; readonly type: 'integer'; readonly min: number; readonly max: number; readonly interval: number; readonly digits: number }
  | {
      readonly name: string;
      readonly type: 'date';
      readonly pattern: JavaDatePattern;
      readonly startMs: number;
      readonly endMs: number;
      readonly interval: number;
      readonly unit: DateUnit;
    }
  | { readonly name: string; readonly type: 'injected' };

export type DateUnit = 'YEARS' | 'MONTHS' | 'WEEKS' | 'DAYS' | 'HOURS' | 'MINUTES' | 'SECONDS';

const UNIT_OF_FIELD: Record<string, DateUnit> = {
  year: 'YEARS',
  month: 'MONTHS',
  day: 'DAYS',
  hour: 'HOURS',
  minute: 'MINUTES',
  second: 'SECONDS',
  milli: 'SECONDS',
};

export class PartitionProjection {
  private constructor(
    readonly columns: readonly ProjectedColumn[],
    /** `s3://…/${key}/…` */
    readonly template: string,
  ) {}

  /** The table's projection, or undefined when it has none. Misconfiguration is an INVALID_TABLE_PROPERTY error. */
  static of(table: TableDefinition, nowMs: number = Date.now()): PartitionProjection | undefined {
    const p = table.parameters;
    if ((p['projection.enabled'] ?? '').toLowerCase() !== 'true') return undefined;
    if (table.partitionKeys.length === 0) return undefined;
    const columns = table.partitionKeys.map((key) => projectedColumn(key.name, p, nowMs));
    let template = p['storage.location.template'];
    if (template === undefined) {
      const base = table.storage.location ?? '';
      template = `${base.endsWith('/') ? base : `${base}/`}${table.partitionKeys.map((k) => `${k.name}=\${${k.name}}`).join('/')}/`;
    }
    for (const c of columns) {
      if (!template.includes(`\${${c.name}}`)) {
        throw new SqlError('INVALID_TABLE_PROPERTY', `storage.location.template ${template} does not use partition column ${c.name}`);
      }
    }
    return new PartitionProjection(columns, template);
  }

  /** The location of the partition with these values (one per column, in order). */
  location(values: readonly string[]): string {
    let out = this.template;
    this.columns.forEach((c, i) => {
      out = out.replaceAll(`\${${c.name}}`, values[i]!);
    });
    return out;
  }

  /** The part of the template before the first `${`: where every partition lives. */
  get staticPrefix(): string {
    const i = this.template.indexOf('${');
    const head = this.template.slice(0, i);
    return head.slice(0, head.lastIndexOf('/') + 1);
  }

  /** Reads the values out of a location below `staticPrefix`, or undefined when it is not a partition's. */
  valuesOf(location: string): string[] | undefined {
    const m = this.pathRegex().exec(location);
    if (!m) return undefined;
    const byName = new Map<string, string>();
    let g = 1;
    for (const name of this.placeholderOrder()) {
      const v = m[g++]!;
      const seen = byName.get(name);
      if (seen !== undefined && seen !== v) return undefined;
      byName.set(name, v);
    }
    const values = this.columns.map((c) => byName.get(c.name)!);
    return values.every((v, i) => this.accepts(this.columns[i]!, v)) ? values : undefined;
  }

  /** A regular expression over full locations (`s3://…/`) with one group per placeholder. */
  pathRegex(): RegExp {
    let source = '';
    let rest = this.template;
    for (;;) {
      const i = rest.indexOf('${');
      if (i < 0) break;
      const j = rest.indexOf('}', i);
      source += escapeRegex(rest.slice(0, i));
      const name = rest.slice(i + 2, j);
      source += `(${this.valueRegex(this.columns.find((c) => c.name === name)!)})`;
      rest = rest.slice(j + 1);
    }
    source += escapeRegex(rest);
    return new RegExp(`^${source}`);
  }

  /** How many `/`-separated folders a partition's location has below staticPrefix. */
  get depth(): number {
    let sample = this.template;
    for (const c of this.columns) sample = sample.replaceAll(`\${${c.name}}`, this.sampleValue(c));
    return sample.slice(this.staticPrefix.length).split('/').filter((s) => s !== '').length;
  }

  /**
   * The values of one column that the filter may want, or undefined when there are more
   * than `limit` (or, for injected columns, when the query does not pin them).
   */
  candidates(column: ProjectedColumn, filter: PartitionFilter, pinned: readonly string[] | undefined, limit: number): string[] | undefined {
    const wanted = (v: string) => this.accepts(column, v) && filter.mayMatch(new Map([[column.name.toLowerCase(), v]]));
    switch (column.type) {
      case 'enum':
        return column.values.filter(wanted);
      case 'injected':
        return pinned?.filter((v) => filter.mayMatch(new Map([[column.name.toLowerCase(), v]])));
      case 'integer': {
        // a pinned 2 is the folder 002 when digits = 3
        if (pinned) return pinned.filter((v) => /^-?\d+$/.test(v.trim())).map((v) => String(Number(v)).padStart(column.digits, '0')).filter(wanted);
        const count = Math.floor((column.max - column.min) / column.interval) + 1;
        if (count > limit) return undefined;
        const out: string[] = [];
        for (let v = column.min; v <= column.max; v += column.interval) {
          const text = String(v).padStart(column.digits, '0');
          if (wanted(text)) out.push(text);
        }
        return out;
      }
      case 'date': {
        if (pinned) return pinned.filter(wanted);
        const out: string[] = [];
        let n = 0;
        for (let t = column.startMs; t <= column.endMs; t = addUnits(t, column.interval, column.unit)) {
          if (++n > limit) return undefined;
          const text = column.pattern.format(t);
          if (wanted(text)) out.push(text);
        }
        return out;
      }
    }
  }

  /** Is `value` inside the column's projected domain? */
  accepts(column: ProjectedColumn, value: string): boolean {
    switch (column.type) {
      case 'enum':
        return column.values.includes(value);
      case 'injected':
        return value !== '';
      case 'integer': {
        if (!/^-?\d+$/.test(value) || value.length < column.digits) return false;
        const n = Number(value);
        return n >= column.min && n <= column.max && (n - column.min) % column.interval === 0;
      }
      case 'date': {
        const t = column.pattern.parse(value);
        return t !== undefined && t >= column.startMs && t <= column.endMs;
      }
    }
  }

  private valueRegex(c: ProjectedColumn): string {
    switch (c.type) {
      case 'enum':
        return c.values.map(escapeRegex).join('|');
      case 'integer':
        return '-?\\d+';
      case 'date':
        return c.pattern.regexSource();
      case 'injected':
        return '[^/]+';
    }
  }

  private sampleValue(c: ProjectedColumn): string {
    switch (c.type) {
      case 'enum':
        return c.values[0] ?? 'x';
      case 'integer':
        return String(c.min);
      case 'date':
        return c.pattern.format(c.startMs);
      case 'injected':
        return 'x';
    }
  }

  private placeholderOrder(): string[] {
    return [...this.template.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!);
  }
}

function projectedColumn(name: string, p: Readonly<Record<string, string>>, nowMs: number): ProjectedColumn {
  const prop = (suffix: string) => p[`projection.${name}.${suffix}`];
  const type = prop('type')?.toLowerCase();
  const invalid = (why: string): never => {
    throw new SqlError('INVALID_TABLE_PROPERTY', `Partition projection of column ${name}: ${why}`);
  };
  switch (type) {
    case 'enum': {
      const values = (prop('values') ?? invalid('projection.' + name + '.values is required')).split(',').map((v) => v.trim());
      return { name, type, values };
    }
    case 'integer': {
      const range = (prop('range') ?? invalid(`projection.${name}.range is required`)).split(',').map((v) => Number(v.trim()));
      if (range.length !== 2 || range.some((v) => !Number.isInteger(v))) invalid(`projection.${name}.range must be two integers`);
      const interval = Number(prop('interval') ?? '1');
      if (!Number.isInteger(interval) || interval <= 0) invalid(`projection.${name}.interval must be a positive integer`);
      return { name, type, min: range[0]!, max: range[1]!, interval, digits: Number(prop('digits') ?? '0') };
    }
    case 'date': {
      const format = prop('format') ?? invalid(`projection.${name}.format is required`);
      let pattern: JavaDatePattern;
      try {
        pattern = new JavaDatePattern(format);
      } catch (e) {
        return invalid((e as Error).message);
      }
      const range = (prop('range') ?? invalid(`projection.${name}.range is required`)).split(',').map((v) => v.trim());
      if (range.length !== 2) invalid(`projection.${name}.range must be two dates`);
      const bound = (text: string) => truncated(pattern, relativeDate(text, nowMs)) ?? pattern.parse(text) ?? invalid(`'${text}' is neither NOW±N<UNIT> nor a date in format ${format}`);
      const unitText = prop('interval.unit')?.toUpperCase();
      const unit = (unitText ? normaliseUnit(unitText) : undefined) ?? UNIT_OF_FIELD[pattern.finestField]!;
      const interval = Number(prop('interval') ?? '1');
      if (!Number.isInteger(interval) || interval <= 0) invalid(`projection.${name}.interval must be a positive integer`);
      return { name, type, pattern, startMs: bound(range[0]!), endMs: bound(range[1]!), interval, unit };
    }
    case 'injected':
      return { name, type };
    default:
      return invalid(`projection.${name}.type must be enum, integer, date or injected`);
  }
}

/** A relative bound (NOW-1DAYS) at the precision the format shows, as its values are. */
function truncated(pattern: JavaDatePattern, t: number | undefined): number | undefined {
  return t === undefined ? undefined : pattern.parse(pattern.format(t));
}

function normaliseUnit(text: string): DateUnit | undefined {
  const plural = text.endsWith('S') ? text : `${text}S`;
  return (['YEARS', 'MONTHS', 'WEEKS', 'DAYS', 'HOURS', 'MINUTES', 'SECONDS'] as const).find((u) => u === plural);
}

/** `NOW`, `NOW-3YEARS`, `NOW+1DAY` → epoch ms; undefined for anything else. */
export function relativeDate(text: string, nowMs: number): number | undefined {
  const m = /^NOW(?:\s*([+-])\s*(\d+)\s*([A-Za-z]+))?$/i.exec(text.trim());
  if (!m) return undefined;
  if (m[1] === undefined) return nowMs;
  const unit = normaliseUnit(m[3]!.toUpperCase());
  if (!unit) return undefined;
  return addUnits(nowMs, (m[1] === '-' ? -1 : 1) * Number(m[2]), unit);
}

export function addUnits(t: number, n: number, unit: DateUnit): number {
  const d = new Date(t);
  switch (unit) {
    case 'YEARS':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      return d.getTime();
    case 'MONTHS':
      d.setUTCMonth(d.getUTCMonth() + n);
      return d.getTime();
    case 'WEEKS':
      return t + n * 7 * 86_400_000;
    case 'DAYS':
      return t + n * 86_400_000;
    case 'HOURS':
      return t + n * 3_600_000;
    case 'MINUTES':
      return t + n * 60_000;
    case 'SECONDS':
      return t + n * 1000;
  }
}
