/**
 * Wall-clock fields of an instant in a named time zone, computed with Intl only (no
 * Temporal, no tz database of our own). Firehose evaluates prefixes and object-name
 * timestamps in `CustomTimeZone`, UTC by default.
 */

export const DEFAULT_TIME_ZONE = 'UTC';

/** The fields a date-time pattern can print, for one instant in one zone. */
export interface ZonedFields {
  readonly year: number; // proleptic, may be <= 0
  readonly month: number; // 1..12
  readonly day: number; // 1..31
  readonly hour: number; // 0..23
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** ISO day of week: 1 = Monday .. 7 = Sunday. */
  readonly dayOfWeek: number;
  /** 1..366 */
  readonly dayOfYear: number;
  /** Offset from UTC in seconds (east positive). */
  readonly offsetSeconds: number;
  /** The zone id as given (or UTC). */
  readonly timeZone: string;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone name (what CustomTimeZone must name). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function isUtc(timeZone: string): boolean {
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' || timeZone === 'GMT' || timeZone === 'Etc/GMT';
}

/** Epoch ms of a wall-clock time read as UTC; Date.UTC alone maps years 0..99 to 19xx. */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year);
  return d.getTime();
}

/** Offset of `timeZone` at `instantMs`, in seconds. Throws RangeError for an unknown zone. */
export function offsetSecondsAt(instantMs: number, timeZone: string): number {
  if (isUtc(timeZone)) return 0;
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    switch (part.type) {
      case 'year': year = Number(part.value); break;
      case 'month': month = Number(part.value); break;
      case 'day': day = Number(part.value); break;
      case 'hour': hour = Number(part.value); break;
      case 'minute': minute = Number(part.value); break;
      case 'second': second = Number(part.value); break;
      case 'era': bc = part.value === 'BC'; break;
      default: break;
    }
  }
  if (bc) year = 1 - year;
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  return Math.round((utcMillis(year, month, day, hour, minute, second) - wholeSecondMs) / 1000);
}

/** The wall-clock fields of `instantMs` in `timeZone` (default UTC). */
export function zonedFields(instantMs: number, timeZone: string = DEFAULT_TIME_ZONE): ZonedFields {
  if (!Number.isFinite(instantMs)) throw new RangeError(`Invalid instant: ${instantMs}`);
  const offsetSeconds = offsetSecondsAt(instantMs, timeZone);
  const local = new Date(instantMs + offsetSeconds * 1000);
  const year = local.getUTCFullYear();
  const startOfYear = new Date(0);
  startOfYear.setUTCFullYear(year, 0, 1);
  const midnight = new Date(local.getTime());
  midnight.setUTCHours(0, 0, 0, 0);
  const utcDay = local.getUTCDay(); // 0 = Sunday
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
    dayOfWeek: utcDay === 0 ? 7 : utcDay,
    dayOfYear: Math.round((midnight.getTime() - startOfYear.getTime()) / 86_400_000) + 1,
    offsetSeconds,
    timeZone,
  };
}
