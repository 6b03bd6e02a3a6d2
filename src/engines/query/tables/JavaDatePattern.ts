/**
 * The subset of Java's DateTimeFormatter patterns that partition projection uses
 * (`yyyy/MM/dd/HH`, `yyyy-MM-dd`, `yyyyMMddHHmm` …): numeric fields and quoted literals,
 * in UTC. It formats an instant, parses text back, and gives a regular expression that
 * matches formatted values (to read them out of object paths).
 */
type Field = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'milli';

type Part = { readonly literal: string } | { readonly field: Field; readonly width: number };

const LETTERS: Record<string, Field> = { y: 'year', u: 'year', M: 'month', d: 'day', H: 'hour', m: 'minute', s: 'second', S: 'milli' };

export class JavaDatePattern {
  private readonly parts: Part[];
  /** The smallest field the pattern shows: the default projection interval unit. */
  readonly finestField: Field;

  constructor(readonly pattern: string) {
    this.parts = parse(pattern);
    const order: Field[] = ['year', 'month', 'day', 'hour', 'minute', 'second', 'milli'];
    let finest: Field = 'year';
    for (const p of this.parts) if ('field' in p && order.indexOf(p.field) > order.indexOf(finest)) finest = p.field;
    this.finestField = finest;
  }

  format(epochMs: number): string {
    const d = new Date(epochMs);
    const values: Record<Field, number> = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      milli: d.getUTCMilliseconds(),
    };
    return this.parts.map((p) => ('literal' in p ? p.literal : String(values[p.field]).padStart(p.width, '0'))).join('');
  }

  /** Epoch milliseconds of a formatted value, or undefined when it does not fit the pattern. */
  parse(text: string): number | undefined {
    const m = new RegExp(`^${this.regexSource(true)}$`).exec(text);
    if (!m) return undefined;
    const v: Record<Field, number> = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, milli: 0 };
    let g = 1;
    for (const p of this.parts) if ('field' in p) v[p.field] = Number(m[g++]);
    if (v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31 || v.hour > 23 || v.minute > 59 || v.second > 59) return undefined;
    const ms = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second, v.milli);
    // reject 2021-02-30 and the like: formatting must give the text back
    return this.format(ms) === text ? ms : undefined;
  }

  /** A regular expression source matching formatted values (groups per field when `capture`). */
  regexSource(capture = false): string {
    return this.parts
      .map((p) => {
        if ('literal' in p) return escapeRegex(p.literal);
        const digits = p.width >= 2 || p.field === 'year' ? `\\d{${p.field === 'year' && p.width < 4 ? 4 : p.width}}` : '\\d{1,2}';
        return capture ? `(${digits})` : digits;
      })
      .join('');
  }
}

function parse(pattern: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      parts.push({ literal: close === i + 1 ? "'" : pattern.slice(i + 1, close < 0 ? undefined : close) });
      i = close < 0 ? pattern.length : close + 1;
      continue;
    }
    const field = LETTERS[c];
    if (field) {
      let j = i + 1;
      while (pattern[j] === c) j++;
      parts.push({ field, width: j - i });
      i = j;
      continue;
    }
    if (/[A-Za-z]/.test(c)) throw new Error(`unsupported letter '${c}' in date format '${pattern}'`);
    parts.push({ literal: c });
    i++;
  }
  return parts;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
