import {
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';

/**
 * Values as text the way Athena (Trino) prints them in results: timestamps with
 * milliseconds, doubles as Java prints them (1.0E10), arrays `[a, b]`, maps and rows
 * `{k=v}`. NULL is null here; the CSV writer decides how to spell it.
 */
export function formatValue(value: DuckDBValue, type: DuckDBType): string | null {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.DOUBLE:
      return javaDouble(value as number);
    case DuckDBTypeId.FLOAT:
      return javaFloat(value as number);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestampText(value, type.typeId, false);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampText(value, type.typeId, true);
    case DuckDBTypeId.DATE:
    case DuckDBTypeId.TIME:
      return String(value);
    case DuckDBTypeId.BLOB: {
      const bytes = (value as { bytes: Uint8Array }).bytes;
      return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    }
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const element = (type as unknown as { valueType: DuckDBType }).valueType;
      return `[${(value as { items: readonly DuckDBValue[] }).items.map((v) => formatValue(v, element) ?? 'null').join(', ')}]`;
    }
    case DuckDBTypeId.MAP: {
      const t = type as unknown as { keyType: DuckDBType; valueType: DuckDBType };
      const entries = (value as { entries: Array<{ key: DuckDBValue; value: DuckDBValue }> }).entries;
      return `{${entries.map((e) => `${formatValue(e.key, t.keyType) ?? 'null'}=${formatValue(e.value, t.valueType) ?? 'null'}`).join(', ')}}`;
    }
    case DuckDBTypeId.STRUCT: {
      const t = type as unknown as { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
      const entries = (value as { entries: Readonly<Record<string, DuckDBValue>> }).entries;
      return `{${t.entryNames.map((n, i) => `${n}=${formatValue(entries[n] ?? null, t.entryTypes[i]!) ?? 'null'}`).join(', ')}}`;
    }
    default:
      return typeof value === 'object' ? String(value) : String(value);
  }
}

const PER_SECOND: Partial<Record<DuckDBTypeId, bigint>> = {
  [DuckDBTypeId.TIMESTAMP_S]: 1n,
  [DuckDBTypeId.TIMESTAMP_MS]: 1_000n,
  [DuckDBTypeId.TIMESTAMP_NS]: 1_000_000_000n,
};

function timestampText(value: DuckDBValue, typeId: DuckDBTypeId, zoned: boolean): string {
  const v = value as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint; isFinite?: boolean };
  if (v.isFinite === false) return String(value);
  const units = v.micros ?? v.millis ?? v.seconds ?? v.nanos;
  if (units === undefined) return String(value);
  const perSecond = PER_SECOND[typeId] ?? 1_000_000n;
  // floor to milliseconds, also before 1970
  let ms = (units * 1000n) / perSecond;
  if ((units * 1000n) % perSecond !== 0n && units < 0n) ms -= 1n;
  const d = new Date(Number(ms));
  const year = d.getUTCFullYear();
  const y = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  return zoned ? `${text} UTC` : text;
}

/** Java's Double.toString: plain between 10^-3 and 10^7, otherwise d.dddE±n; always a fraction digit. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  return javaStyle(x, shortest(x));
}

/** Java's Float.toString for a 32-bit float value. */
export function javaFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const f = Math.fround(x);
  let digits = f.toPrecision(9);
  for (let p = 1; p <= 9; p++) {
    const candidate = f.toPrecision(p);
    if (Math.fround(Number(candidate)) === f) {
      digits = candidate;
      break;
    }
  }
  return javaStyle(Number(digits), digits);
}

function shortest(x: number): string {
  return String(x);
}

function javaStyle(x: number, repr: string): string {
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = Number(repr).toString();
    if (/e/i.test(plain)) return Number(repr).toFixed(20).replace(/0+$/, '').replace(/\.$/, '.0');
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = Number(repr).toExponential().split('e') as [string, string];
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}
