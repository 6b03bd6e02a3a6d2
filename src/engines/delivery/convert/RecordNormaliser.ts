import { JsonScanner } from './JsonScanner.js';
import { JsonSyntaxError } from './JsonSyntaxError.js';
import type { HiveField } from './hiveType.js';
import { SchemaMismatch } from './SchemaMismatch.js';
import { type SerDeRules, compileFieldsReader } from './valueConverters.js';

/** Firehose's error codes for records that fail format conversion. */
export const MALFORMED_DATA = 'DataFormatConversion.MalformedData';
export const PARSE_ERROR = 'DataFormatConversion.ParseError';

/** One record as NDJSON lines for DuckDB (one per JSON document), or why it cannot be converted. */
export type NormalisedRecord =
  | { ok: true; lines: string[] }
  | { ok: false; errorCode: string; errorMessage: string };

/**
 * Reads one Firehose record as the OpenX or Hive JSON SerDe would for a table, and writes each of
 * its JSON documents (a record may hold several: `{"a":1}{"a":2}`) as one NDJSON line in
 * which every column value is already in the canonical form of its type, keyed `c0`, `c1`,
 * … by column position. DuckDB then only has to load these lines with a fixed schema.
 */
export class RecordNormaliser {
  private readonly readRow: (scanner: JsonScanner) => string;
  /** Hive's JsonSerDe reads an object per document; OpenX also reads an array by position. */
  private readonly arraysAtTop: boolean;

  constructor(columns: readonly HiveField[], rules: SerDeRules) {
    this.arraysAtTop = !rules.hive;
    this.readRow = compileFieldsReader(
      columns,
      columns.map((_, i) => `c${i}`),
      rules,
    );
  }

  normalise(record: Uint8Array): NormalisedRecord {
    const text = decoder.decode(record);
    const scanner = new JsonScanner(text);
    if (scanner.atEnd()) return failure(MALFORMED_DATA, 'The record was empty or contained only whitespace.');
    const lines: string[] = [];
    try {
      do {
        const c = scanner.peek();
        if (c === 0x5b && !this.arraysAtTop) throw ARRAY_AT_TOP;
        if (c !== 0x7b && c !== 0x5b) throw PRIMITIVE_AT_TOP;
        lines.push(this.readRow(scanner));
      } while (!scanner.atEnd());
      return { ok: true, lines };
    } catch (err) {
      return failureFor(err, text);
    }
  }
}

const PRIMITIVE_AT_TOP = new SchemaMismatch(
  'The input JSON contained a primitive at the top level. The top level must be an object or array.',
);

const ARRAY_AT_TOP = new SchemaMismatch('The input JSON contained an array at the top level. The Hive JSON SerDe reads a JSON object.');

/** The SerDe parses a record before reading it, so malformed JSON anywhere is a parse error. */
function failureFor(err: unknown, text: string): NormalisedRecord {
  if (err instanceof JsonSyntaxError) return failure(PARSE_ERROR, `The record is not valid JSON: ${err.message}`);
  if (err instanceof RangeError) return failure(PARSE_ERROR, 'The record is not valid JSON: it is nested too deeply');
  if (!(err instanceof SchemaMismatch)) throw err;
  const syntax = syntaxErrorIn(text);
  if (syntax) return failure(PARSE_ERROR, `The record is not valid JSON: ${syntax}`);
  if (err === PRIMITIVE_AT_TOP || err === ARRAY_AT_TOP) return failure(MALFORMED_DATA, err.detail);
  return failure(MALFORMED_DATA, `Data does not match the schema. ${err.message}`);
}

/** Why the text is not a sequence of JSON documents, or undefined if it is. */
function syntaxErrorIn(text: string): string | undefined {
  const scanner = new JsonScanner(text);
  try {
    while (!scanner.atEnd()) scanner.skipValue();
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.message;
    if (err instanceof RangeError) return 'it is nested too deeply';
    throw err;
  }
}

function failure(errorCode: string, errorMessage: string): NormalisedRecord {
  return { ok: false, errorCode, errorMessage };
}

const decoder = new TextDecoder();
