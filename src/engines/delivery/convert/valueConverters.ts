/**
 * Reads JSON values, as JsonScanner meets them, into the canonical JSON text DuckDB loads
 * back into each Hive type, following the OpenX JSON SerDe's rules: numbers are read from
 * their text (so `"42"` fits an int column and `42` fits a string column as "42"), booleans
 * from `true` or `"TRUE"`, a non-array value in an array column is a one-element array, a
 * blank string in an array, map or struct column is null, and nested JSON in a string
 * column is kept as JSON text. Anything else that does not fit is a SchemaMismatch.
 *
 * With the Hive JSON SerDe's rules (SerDeRules.hive) the reading is stricter, as Hive's
 * JsonSerDe reads values through Jackson: numeric columns take JSON numbers only (a fraction
 * is truncated for integer columns), a string column refuses nested JSON, arrays, maps and
 * structs must be JSON arrays and objects (or null), map keys keep their case, and
 * timestamps are read by the TimestampFormats.
 */
import type { JsonScanner } from './JsonScanner.js';
import { type HiveField, type HiveType, hiveTypeName } from './hiveType.js';
import type { TimestampReader } from './hiveTimestamp.js';
import { parseOpenXTimestamp } from './openxTimestamp.js';
import {
  INTEGER_RANGES,
  doubleJson,
  parseJavaDouble,
  parseJavaInteger,
  readDate,
  readDecimal,
  truncateCodePoints,
} from './primitiveText.js';
import { SchemaMismatch } from './SchemaMismatch.js';

/** Reads the value at the scanner into JSON text for its column, or undefined for null. */
export type Converter = (scanner: JsonScanner) => string | undefined;

/** How JSON keys meet struct fields and columns, and how values are read (the SerDe options, resolved). */
export interface SerDeRules {
  caseInsensitive: boolean;
  /** Field name → JSON key (already lower-cased when matching is case-insensitive). */
  mappings: ReadonlyMap<string, string>;
  convertDots: boolean;
  /** Present for the Hive JSON SerDe: its stricter value rules apply, and timestamps are read by its formats. */
  hive?: HiveRules;
}

export interface HiveRules {
  readTimestamp: TimestampReader;
}

/** A key as met in a record: its JSON text (quotes included), its value, and the fields it fills. */
interface ExpectedKey {
  json: string;
  raw: string;
  targets: number[] | null;
}

/** How one primitive type reads each kind of JSON scalar; a missing `json` refuses nested JSON. */
interface PrimitiveReader {
  name: string;
  /** `json` is the string's own JSON text when it had no escapes. */
  string(value: string, json: string | undefined): string;
  number(text: string): string;
  boolean(value: boolean): string;
  json?(text: string): string;
}

const QUOTE = 0x22;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;

/** Compiles a converter for one Hive type. */
export function compileConverter(type: HiveType, rules: SerDeRules): Converter {
  switch (type.kind) {
    case 'array':
      return arrayConverter(compileConverter(type.element, rules), rules.hive ? hiveTypeName(type) : undefined);
    case 'map':
      // Hive reads map keys from their text, whatever the value rules.
      return mapConverter(primitiveReader(type.key, undefined), compileConverter(type.value, rules), rules, hiveTypeName(type));
    case 'struct':
      return structConverter(type, rules);
    default:
      return primitiveConverter(primitiveReader(type, rules.hive), rules.caseInsensitive);
  }
}

/**
 * Reads a JSON object (or, as the SerDe allows, an array by position) into the JSON text of
 * a DuckDB struct `{"outKey":value,...}`, null fields left out.
 */
export function compileFieldsReader(
  fields: readonly HiveField[],
  outputKeys: readonly string[],
  rules: SerDeRules,
): (scanner: JsonScanner) => string {
  const count = fields.length;
  const converters = fields.map((f) => compileConverter(f.type, rules));
  const prefixes = outputKeys.map((key) => `${JSON.stringify(key)}:`);
  const names = fields.map((f) => f.name);
  const lookup = new Map<string, number[]>();
  fields.forEach((field, i) => {
    const key = rules.mappings.get(field.name) ?? field.name;
    lookup.set(key, [...(lookup.get(key) ?? []), i]);
  });
  const byName = new Map(names.map((name, i) => [name, i]));
  // Keys as they appear in records → the fields they fill (null: none). Saves lower-casing
  // and a second lookup for the same few keys in every record.
  const keyCache = new Map<string, number[] | null>();
  function targetsOf(rawKey: string): number[] | null {
    let targets = keyCache.get(rawKey);
    if (targets === undefined) {
      targets = lookup.get(rules.caseInsensitive ? rawKey.toLowerCase() : rawKey) ?? null;
      if (keyCache.size >= 4096) keyCache.clear();
      keyCache.set(rawKey, targets);
    }
    return targets;
  }

  function convertField(i: number, scanner: JsonScanner): string | undefined {
    try {
      return converters[i]!(scanner);
    } catch (err) {
      throw err instanceof SchemaMismatch ? err.within(names[i]!) : err;
    }
  }

  /** Field outputs: JSON text, null for a JSON null, undefined for an absent key. */
  function output(values: Array<string | null | undefined>): string {
    let out = '{';
    for (let i = 0; i < count; i++) {
      const json = values[i];
      if (json === undefined || json === null) continue;
      if (out.length > 1) out += ',';
      out += prefixes[i]! + json;
    }
    return `${out}}`;
  }

  // The key met at each member position of the previous object. Records from one producer
  // list their keys in the same order, so the next object's key is usually already known
  // and can be recognised in the text without reading or looking it up.
  const expected: Array<ExpectedKey | undefined> = [];

  /** The next member's key (consumed) and the fields it fills. */
  function memberKey(scanner: JsonScanner, member: number): ExpectedKey {
    if (scanner.peek() !== QUOTE) scanner.fail('expected a string key');
    const guess = expected[member];
    if (guess !== undefined && scanner.text.startsWith(guess.json, scanner.pos)) {
      scanner.pos += guess.json.length;
      return guess;
    }
    const raw = scanner.readString();
    const key: ExpectedKey = { json: scanner.lastStringJson ?? '', raw, targets: targetsOf(raw) };
    if (member < 64) expected[member] = key.json === '' ? undefined : key;
    return key;
  }

  function readObject(scanner: JsonScanner): string {
    const values: Array<string | null | undefined> = new Array(count);
    if (scanner.open(CLOSE_OBJECT)) return '{}';
    let dotted: number[] | undefined;
    let member = 0;
    do {
      const { raw: rawKey, targets } = memberKey(scanner, member++);
      scanner.expect(COLON);
      if (targets !== null) {
        scanner.peek();
        const start = scanner.pos;
        for (const i of targets) {
          // The SerDe refuses an object with two keys that are equal once lower-cased.
          if (values[i] !== undefined) throw new SchemaMismatch(`duplicate key "${rawKey}"`);
          scanner.pos = start; // a key mapped to two columns is read twice
          values[i] = convertField(i, scanner) ?? null;
        }
      } else if (rules.convertDots && rawKey.includes('.')) {
        const key = rules.caseInsensitive ? lowerCase(rawKey) : rawKey;
        const i = byName.get(key.replaceAll('.', '_'));
        scanner.peek();
        if (i !== undefined) (dotted ??= [])[i] ??= scanner.pos;
        scanner.skipValue();
      } else {
        scanner.skipValue();
      }
    } while (scanner.next(CLOSE_OBJECT));

    // A dotted key stands in for a field only when no key names the field itself.
    if (dotted) {
      const end = scanner.pos;
      dotted.forEach((start, i) => {
        if (values[i] !== undefined) return;
        scanner.pos = start;
        values[i] = convertField(i, scanner) ?? null;
      });
      scanner.pos = end;
    }
    return output(values);
  }

  function readPositional(scanner: JsonScanner): string {
    const values: Array<string | null | undefined> = new Array(count);
    if (scanner.open(CLOSE_ARRAY)) return '{}';
    let i = 0;
    do {
      if (i < count) values[i] = convertField(i, scanner);
      else scanner.skipValue();
      i++;
    } while (scanner.next(CLOSE_ARRAY));
    return output(values);
  }

  // Hive's JsonSerDe has no reading by position: its callers pass objects only.
  if (rules.hive) return readObject;
  return (scanner) => (scanner.peek() === OPEN_OBJECT ? readObject(scanner) : readPositional(scanner));
}

function structConverter(type: Extract<HiveType, { kind: 'struct' }>, rules: SerDeRules): Converter {
  const read = compileFieldsReader(
    type.fields,
    type.fields.map((f) => f.name),
    rules,
  );
  if (rules.hive) {
    const expected = `expected ${hiveTypeName(type)}`;
    return (scanner) => (scanner.peek() === OPEN_OBJECT ? read(scanner) : nullOrMismatch(scanner, expected));
  }
  return (scanner) => {
    const c = scanner.peek();
    if (c === OPEN_OBJECT) return read(scanner);
    if (c === OPEN_ARRAY) {
      // The SerDe reads an empty array as a null struct, and a non-empty one by position.
      const start = scanner.pos;
      if (scanner.open(CLOSE_ARRAY)) return undefined;
      scanner.pos = start;
      return read(scanner);
    }
    return nullOrBlank(scanner, `expected ${hiveTypeName(type)}`);
  };
}

/** `strictName` (the Hive rules): anything but an array or null is a mismatch. */
function arrayConverter(element: Converter, strictName: string | undefined): Converter {
  return (scanner) => {
    const c = scanner.peek();
    if (c !== OPEN_ARRAY) {
      if (strictName !== undefined) return nullOrMismatch(scanner, `expected ${strictName}`);
      const start = scanner.pos;
      if (c === QUOTE && scanner.readString() === '') return undefined;
      if (c !== QUOTE && scanner.readLiteralIfNull()) return undefined;
      // The SerDe reads a single value where an array is expected as a one-element array.
      scanner.pos = start;
      return `[${element(scanner) ?? 'null'}]`;
    }
    if (scanner.open(CLOSE_ARRAY)) return '[]';
    let out = '[';
    let i = 0;
    do {
      if (i > 0) out += ',';
      try {
        out += element(scanner) ?? 'null';
      } catch (err) {
        throw err instanceof SchemaMismatch ? err.within(`[${i}]`) : err;
      }
      i++;
    } while (scanner.next(CLOSE_ARRAY));
    return `${out}]`;
  };
}

function mapConverter(key: PrimitiveReader, value: Converter, rules: SerDeRules, name: string): Converter {
  const lowerKeys = rules.caseInsensitive && !rules.hive;
  return (scanner) => {
    if (scanner.peek() !== OPEN_OBJECT) {
      return rules.hive ? nullOrMismatch(scanner, `expected ${name}`) : nullOrBlank(scanner, 'expected a JSON object for a map');
    }
    if (scanner.open(CLOSE_OBJECT)) return '{}';
    const seen = new Set<string>();
    let out = '{';
    do {
      if (scanner.peek() !== QUOTE) scanner.fail('expected a string key');
      const rawKey = scanner.readString();
      scanner.expect(COLON);
      const keyText = lowerKeys ? lowerCase(rawKey) : rawKey;
      let keyJson: string;
      try {
        keyJson = key.string(keyText, undefined);
      } catch (err) {
        throw err instanceof SchemaMismatch ? err.within(`key ${JSON.stringify(keyText)}`) : err;
      }
      // Keys reach DuckDB as JSON object keys, that is as strings.
      const canonicalKey = keyJson.startsWith('"') ? keyJson : JSON.stringify(keyJson);
      if (seen.has(canonicalKey)) throw new SchemaMismatch(`duplicate map key ${canonicalKey}`);
      seen.add(canonicalKey);
      let valueJson: string | undefined;
      try {
        valueJson = value(scanner);
      } catch (err) {
        throw err instanceof SchemaMismatch ? err.within(`[${canonicalKey}]`) : err;
      }
      if (out.length > 1) out += ',';
      out += `${canonicalKey}:${valueJson ?? 'null'}`;
    } while (scanner.next(CLOSE_OBJECT));
    return `${out}}`;
  };
}

/** null, or a mismatch naming what the value was (the Hive rules for containers). */
function nullOrMismatch(scanner: JsonScanner, expected: string): undefined {
  return nullOrBlankOrMismatch(scanner, expected, false);
}

/** null, a blank string (both read as null by the OpenX SerDe for containers), or a mismatch. */
function nullOrBlank(scanner: JsonScanner, expected: string): undefined {
  return nullOrBlankOrMismatch(scanner, expected, true);
}

function nullOrBlankOrMismatch(scanner: JsonScanner, expected: string, blankIsNull: boolean): undefined {
  const c = scanner.peek();
  if (c === QUOTE) {
    const text = scanner.readString();
    if (blankIsNull && text.trim() === '') return undefined;
    throw new SchemaMismatch(`${expected}, got the string ${quoteForMessage(text)}`);
  }
  if (c === OPEN_ARRAY) throw new SchemaMismatch(`${expected}, got an array`);
  if (c === OPEN_OBJECT) throw new SchemaMismatch(`${expected}, got an object`);
  if (scanner.readLiteralIfNull()) return undefined;
  const text = scanner.readJsonText(false);
  throw new SchemaMismatch(`${expected}, got ${text}`);
}

function primitiveConverter(reader: PrimitiveReader, lowerKeys: boolean): Converter {
  return (scanner) => {
    const c = scanner.peek();
    if (c === QUOTE) {
      const text = scanner.readString();
      return reader.string(text, scanner.lastStringJson);
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (reader.json) return reader.json(scanner.readJsonText(lowerKeys));
      throw new SchemaMismatch(`expected a ${reader.name}, got ${c === OPEN_OBJECT ? 'an object' : 'an array'}`);
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const literal = scanner.readLiteral();
      return literal === null ? undefined : reader.boolean(literal);
    }
    return reader.number(scanner.readNumber());
  };
}

/** How a primitive type reads scalars: the OpenX rules, or with `hive` the Hive JSON SerDe's stricter ones. */
function primitiveReader(type: HiveType, hive: HiveRules | undefined): PrimitiveReader {
  const reader = openXReader(type);
  if (!hive) return reader;
  switch (type.kind) {
    case 'string':
    case 'varchar':
    case 'char':
      // No `json`: Hive does not keep nested JSON as text.
      return { name: reader.name, string: reader.string, number: reader.number, boolean: reader.boolean };
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      // Jackson's getIntValue and friends truncate a fraction toward zero.
      return numbersOnly({ ...reader, number: (text) => reader.number(PLAIN_INTEGER.test(text) ? text : truncated(text)) });
    case 'float':
    case 'double':
      return numbersOnly(reader);
    case 'timestamp':
      return textReader('timestamp', (text) => {
        const timestamp = hive.readTimestamp(text);
        return timestamp === undefined ? undefined : `"${timestamp}"`;
      });
    default:
      return reader;
  }
}

/** A numeric reader that refuses strings and booleans, as Jackson's numeric accessors do. */
function numbersOnly(reader: PrimitiveReader): PrimitiveReader {
  return {
    ...reader,
    string: (value) => {
      throw new SchemaMismatch(`expected a ${reader.name}, got the string ${quoteForMessage(value)}`);
    },
    boolean: (value) => {
      throw new SchemaMismatch(`expected a ${reader.name}, got ${value}`);
    },
  };
}

/** A JSON number's text truncated to an integer (unchanged when not finite, so that it fails as it is). */
function truncated(text: string): string {
  const value = Math.trunc(Number(text));
  return Number.isFinite(value) ? BigInt(value).toString() : text;
}

function openXReader(type: HiveType): PrimitiveReader {
  switch (type.kind) {
    case 'string':
      return stringReader('string', undefined);
    case 'varchar':
      return stringReader(hiveTypeName(type), (s) => truncateCodePoints(s, type.length));
    case 'char':
      // Hive keeps char(n) values without their padding.
      return stringReader(hiveTypeName(type), (s) => truncateCodePoints(s, type.length).replace(/ +$/, ''));
    case 'boolean':
      return {
        name: 'boolean',
        // Java's Boolean.parseBoolean: only "true", in any case, is true; a number never is.
        string: (value) => (value.toLowerCase() === 'true' ? 'true' : 'false'),
        number: () => 'false',
        boolean: (value) => (value ? 'true' : 'false'),
      };
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return integerReader(type.kind);
    case 'float':
      // Rounded to float here, so an out-of-range value becomes Infinity as in Java.
      return floatingReader('float', Math.fround);
    case 'double':
      return floatingReader('double', (x) => x);
    case 'decimal':
      return decimalReader(type.precision, type.scale);
    case 'date':
      return textReader('date', (text) => {
        const date = readDate(text);
        return date === undefined ? undefined : `"${date}"`;
      });
    case 'timestamp':
      return textReader('timestamp', (text) => {
        const timestamp = parseOpenXTimestamp(text);
        return timestamp === undefined ? undefined : `"${timestamp}"`;
      });
    case 'binary':
      // Binary travels as base64 of the value's UTF-8 text and is decoded in SQL.
      return textReader('binary', (text) => `"${Buffer.from(text, 'utf8').toString('base64')}"`);
    default:
      throw new Error(`${hiveTypeName(type)} is not a primitive type`);
  }
}

function stringReader(name: string, shape: ((s: string) => string) | undefined): PrimitiveReader {
  const write = (text: string): string => JSON.stringify(shape ? shape(text) : text);
  return {
    name,
    // A string without escapes is its own JSON text: no need to build it again.
    string: (value, json) => (json !== undefined && !shape ? json : write(value)),
    number: (text) => `"${text}"`,
    boolean: (value) => (value ? '"true"' : '"false"'),
    json: write,
  };
}

/** A type read from the text of a string, number or boolean, through `read` (undefined = no fit). */
function textReader(name: string, read: (text: string) => string | undefined): PrimitiveReader {
  const fromText = (text: string): string => {
    const json = read(text);
    if (json === undefined) throw new SchemaMismatch(`cannot read ${quoteForMessage(text)} as ${name}`);
    return json;
  };
  return { name, string: fromText, number: fromText, boolean: (value) => fromText(value ? 'true' : 'false') };
}

function integerReader(kind: keyof typeof INTEGER_RANGES): PrimitiveReader {
  const [min, max] = INTEGER_RANGES[kind];
  // bigint travels as a JSON string: DuckDB would read a large JSON number through a double.
  const quote = kind === 'bigint';
  const minNumber = Number(min);
  const maxNumber = Number(max);
  return textReader(kind, (text) => {
    // Plain integers of up to 15 digits are most of them: Number is exact and cheaper than BigInt.
    if (text.length <= 16 && PLAIN_INTEGER.test(text)) {
      const value = Number(text);
      if (Number.isSafeInteger(value)) {
        if (value < minNumber || value > maxNumber) return undefined;
        const canonical = Object.is(value, -0) ? '0' : String(value);
        return quote ? `"${canonical}"` : canonical;
      }
    }
    const value = parseJavaInteger(text, min, max);
    if (value === undefined) return undefined;
    return quote ? `"${value}"` : String(value);
  });
}

function floatingReader(name: string, round: (x: number) => number): PrimitiveReader {
  const reader = textReader(name, (text) => {
    const value = parseJavaDouble(text);
    return value === undefined ? undefined : doubleJson(round(value));
  });
  // A JSON number token is valid Java syntax already, and Number reads it exactly as Java does.
  return { ...reader, number: (text) => doubleJson(round(Number(text))) };
}

function decimalReader(precision: number, scale: number): PrimitiveReader {
  const name = `decimal(${precision},${scale})`;
  const fromText = (text: string): string => {
    const reading = readDecimal(text, precision, scale);
    if (reading.ok) return `"${reading.text}"`;
    throw new SchemaMismatch(
      reading.reason === 'overflow' ? `${text} does not fit ${name}` : `cannot read ${quoteForMessage(text)} as ${name}`,
    );
  };
  return { name, string: fromText, number: fromText, boolean: (value) => fromText(String(value)) };
}

const PLAIN_INTEGER = /^[+-]?\d+$/;

function quoteForMessage(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** Lower-cases a key, remembering recent answers: the same few keys recur in every record. */
function lowerCase(key: string): string {
  let lower = lowerCache.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowerCache.size >= 4096) lowerCache.clear();
    lowerCache.set(key, lower);
  }
  return lower;
}

const lowerCache = new Map<string, string>();
