import type { MemberRef, ServiceModel, Shape } from './model.js';
import { serializationError, validationError, type ValidationIssue } from './AwsError.js';
import { MAX_LISTED_VALIDATION_ISSUES } from './AwsError.js';

/**
 * Turns a decoded request document (parsed JSON or CBOR) into the typed input of an
 * operation, checking it against the service model the way AWS does: a value of the wrong
 * type is a SerializationException at once; constraint failures (required, length, range,
 * pattern, enum) are collected and reported together as one ValidationException.
 *
 * Readers are compiled once per shape and cached, so the hot path (PutRecords with 500
 * entries) does no model lookups.
 */
export type WireFlavor = 'json' | 'cbor';

type Reader = (value: unknown, path: string, issues: ValidationIssue[]) => unknown;

export class ShapeReader {
  private readonly readers = new Map<string, Reader>();

  constructor(
    private readonly model: ServiceModel,
    private readonly flavor: WireFlavor,
  ) {}

  /** Reads and validates an operation's input document; throws AwsError. */
  readInput(shapeName: string | undefined, document: unknown): Record<string, unknown> {
    if (shapeName === undefined) return {};
    if (document === null || document === undefined) document = {};
    const issues: ValidationIssue[] = [];
    const value = this.reader(shapeName)(document, '', issues);
    if (issues.length > 0) throw validationError(issues);
    return (value ?? {}) as Record<string, unknown>;
  }

  private reader(shapeName: string): Reader {
    let r = this.readers.get(shapeName);
    if (r) return r;
    // Register a forwarder first so recursive shapes terminate.
    let compiled: Reader | undefined;
    this.readers.set(shapeName, (v, p, i) => compiled!(v, p, i));
    compiled = this.compile(this.shape(shapeName));
    this.readers.set(shapeName, compiled);
    return compiled;
  }

  private shape(name: string): Shape {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`shape ${name} missing from the ${this.model.metadata.serviceId} model`);
    return s;
  }

  private compile(shape: Shape): Reader {
    switch (shape.type) {
      case 'structure':
        return this.compileStructure(shape);
      case 'list':
        return this.compileList(shape);
      case 'map':
        return this.compileMap(shape);
      case 'string':
        return compileString(shape);
      case 'integer':
      case 'long':
        return compileInteger(shape);
      case 'float':
      case 'double':
      case 'bigdecimal':
      case 'biginteger':
        return compileNumber(shape);
      case 'boolean':
        return readBoolean;
      case 'blob':
        return this.flavor === 'json' ? compileBase64Blob(shape) : compileBinaryBlob(shape);
      case 'timestamp':
        return readTimestamp;
    }
  }

  private compileStructure(shape: Shape): Reader {
    if (shape.document) return (v) => v;
    const members = Object.entries(shape.members ?? {}).map(([name, ref]) => ({
      name,
      wireName: ref.locationName && !ref.location ? ref.locationName : name,
      pathName: lowerFirst(name),
      required: shape.required?.includes(name) ?? false,
      read: this.memberReader(ref),
    }));
    return (value, path, issues) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
        throw serializationError(unexpected(value, 'structure'));
      }
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const m of members) {
        const v = source[m.wireName];
        const memberPath = path ? `${path}.${m.pathName}` : m.pathName;
        if (v === null || v === undefined) {
          if (m.required && issues.length < MAX_LISTED_VALIDATION_ISSUES) {
            issues.push({ path: memberPath, shownValue: 'null', constraint: 'Member must not be null' });
          }
          continue;
        }
        const read = m.read(v, memberPath, issues);
        if (read !== undefined) out[m.name] = read;
      }
      return out;
    };
  }

  private memberReader(ref: MemberRef): Reader {
    // Resolved lazily: the referenced shape may be the one being compiled.
    let r: Reader | undefined;
    return (v, p, i) => (r ??= this.reader(ref.shape))(v, p, i);
  }

  private compileList(shape: Shape): Reader {
    const item = this.memberReader(shape.member!);
    const { min, max } = shape;
    return (value, path, issues) => {
      if (value === null || value === undefined) return undefined;
      if (!Array.isArray(value)) throw serializationError(unexpected(value, 'list'));
      checkLength(value.length, min, max, path, () => `[${value.map(showElement).join(', ')}]`, issues);
      const out = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) {
        const element: unknown = value[i];
        if (element === null || element === undefined) {
          // Lists in these services are not sparse: a null element is a constraint failure.
          push(issues, `${path}.${i + 1}.member`, 'null', 'Member must not be null');
          continue;
        }
        out[i] = item(element, `${path}.${i + 1}.member`, issues);
      }
      return out;
    };
  }

  private compileMap(shape: Shape): Reader {
    const key = this.memberReader(shape.key!);
    const val = this.memberReader(shape.value!);
    const { min, max } = shape;
    return (value, path, issues) => {
      if (value === null || value === undefined) return undefined;
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
        throw serializationError(unexpected(value, 'map'));
      }
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
      checkLength(entries.length, min, max, path, () => `{${entries.map(([k, v]) => `${k}=${showElement(v)}`).join(', ')}}`, issues);
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const readKey = key(String(k), `${path}.key`, issues);
        out[String(readKey)] = v === null ? null : val(v, `${path}.${String(k)}`, issues);
      }
      return out;
    };
  }
}

function compileString(shape: Shape): Reader {
  const { min, max, pattern } = shape;
  const re = pattern ? compilePattern(pattern) : undefined;
  const values = shape.enum ? new Set(shape.enum) : undefined;
  return (value, path, issues) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'string') throw serializationError(notConvertible(value, 'String'));
    checkLength(value.length, min, max, path, () => value, issues);
    if (re && !re.test(value)) {
      push(issues, path, quote(value), `Member must satisfy regular expression pattern: ${pattern}`);
    }
    if (values && !values.has(value)) {
      push(issues, path, quote(value), `Member must satisfy enum value set: [${[...values].join(', ')}]`);
    }
    return value;
  };
}

function compileInteger(shape: Shape): Reader {
  const typeName = shape.type === 'long' ? 'Long' : 'Integer';
  return (value, path, issues) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw serializationError(notConvertible(value, typeName));
    const n = Math.trunc(value);
    checkRange(n, shape.min, shape.max, path, issues);
    return n;
  };
}

function compileNumber(shape: Shape): Reader {
  return (value, path, issues) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'number') throw serializationError(notConvertible(value, 'Double'));
    checkRange(value, shape.min, shape.max, path, issues);
    return value;
  };
}

function readBoolean(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'boolean') throw serializationError(notConvertible(value, 'Boolean'));
  return value;
}

function readTimestamp(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000));
  if (typeof value === 'string') {
    // Epoch seconds as text, or an ISO 8601 date (both seen from hand-written clients).
    const asNumber = Number(value);
    const d = value.trim() !== '' && Number.isFinite(asNumber) ? new Date(asNumber * 1000) : new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw serializationError(notConvertible(value, 'milliseconds since epoch'));
}

function compileBase64Blob(shape: Shape): Reader {
  const { min, max } = shape;
  return (value, path, issues) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'string') throw serializationError(notConvertible(value, 'a Blob'));
    if (value.length % 4 !== 0) {
      throw serializationError(
        `'${clip(value)}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
      );
    }
    // Node's decoder skips characters outside the alphabet and stops at inner padding, so a
    // decoded length short of what the text promises means the text was not strict base64.
    // (It also takes the URL-safe alphabet, which AWS does not.) Checking this way is much
    // cheaper than a regular expression over every record.
    const bytes = Buffer.from(value, 'base64');
    const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    if (bytes.length !== (value.length / 4) * 3 - padding || value.indexOf('-') >= 0 || value.indexOf('_') >= 0) {
      const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(value);
      throw serializationError(`'${clip(value)}' can not be converted to a Blob: Invalid Base64 character: '${bad?.[0]?.[0] ?? '='}'`);
    }
    checkBlobLength(bytes.length, min, max, path, issues);
    return bytes;
  };
}

function compileBinaryBlob(shape: Shape): Reader {
  const { min, max } = shape;
  return (value, path, issues) => {
    if (value === null || value === undefined) return undefined;
    let bytes: Buffer;
    if (value instanceof Uint8Array) bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    else if (typeof value === 'string') bytes = Buffer.from(value, 'utf8');
    else throw serializationError(notConvertible(value, 'a Blob'));
    checkBlobLength(bytes.length, min, max, path, issues);
    return bytes;
  };
}

function checkBlobLength(n: number, min: number | undefined, max: number | undefined, path: string, issues: ValidationIssue[]): void {
  checkLength(n, min, max, path, () => `java.nio.HeapByteBuffer[pos=0 lim=${n} cap=${n}]`, issues);
}

function checkLength(
  n: number,
  min: number | undefined,
  max: number | undefined,
  path: string,
  show: () => string,
  issues: ValidationIssue[],
): void {
  if (max !== undefined && n > max) push(issues, path, quote(show()), `Member must have length less than or equal to ${max}`);
  if (min !== undefined && n < min) push(issues, path, quote(show()), `Member must have length greater than or equal to ${min}`);
}

function checkRange(n: number, min: number | undefined, max: number | undefined, path: string, issues: ValidationIssue[]): void {
  if (max !== undefined && n > max) push(issues, path, quote(String(n)), `Member must have value less than or equal to ${max}`);
  if (min !== undefined && n < min) push(issues, path, quote(String(n)), `Member must have value greater than or equal to ${min}`);
}

function push(issues: ValidationIssue[], path: string, shownValue: string, constraint: string): void {
  if (issues.length < MAX_LISTED_VALIDATION_ISSUES) issues.push({ path, shownValue, constraint });
}

/** AWS patterns are Java regexes matched against the whole value. */
function compilePattern(pattern: string): RegExp | undefined {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // try the next flavour
    }
  }
  return undefined; // a Java-only construct: the service checks what matters itself
}

function unexpected(value: unknown, expected: 'structure' | 'list' | 'map'): string {
  if (Array.isArray(value)) return 'Start of list found where not expected';
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return 'Start of structure or map found where not expected.';
  }
  return expected === 'list' ? 'Expected list or null' : expected === 'map' ? 'Expected map or null' : 'Expected null';
}

function notConvertible(value: unknown, target: string): string {
  if (Array.isArray(value)) return 'Start of list found where not expected';
  const article = target.startsWith('a ') || target.startsWith('milliseconds') ? '' : 'an ';
  switch (typeof value) {
    case 'boolean':
      return `class java.lang.Boolean can not be converted to ${article}${target}`;
    case 'number':
      return `class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to ${article}${target}`;
    case 'string':
      return target === 'Boolean'
        ? `'${clip(value.toUpperCase())}' can not be converted to an Boolean`
        : `class java.lang.String can not be converted to ${article}${target}`;
    default:
      return value instanceof Uint8Array
        ? `class java.nio.HeapByteBuffer can not be converted to ${article}${target}`
        : 'Start of structure or map found where not expected.';
  }
}

function showElement(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') return v instanceof Uint8Array ? `java.nio.HeapByteBuffer[pos=0 lim=${v.length} cap=${v.length}]` : JSON.stringify(v);
  return String(v);
}

function quote(s: string): string {
  return `'${clip(s)}'`;
}

/** Keeps error messages readable when a value is huge (a 1 MiB record). */
function clip(s: string): string {
  return s.length > 256 ? `${s.slice(0, 256)}...` : s;
}

export function lowerFirst(s: string): string {
  return s.length === 0 ? s : s[0]!.toLowerCase() + s.slice(1);
}
