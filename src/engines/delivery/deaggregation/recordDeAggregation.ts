/**
 * Firehose's `RecordDeAggregation` processor (multi-record deaggregation, for dynamic
 * partitioning) and `AppendDelimiterToRecord`.
 *
 * From the docs (dynamic-partitioning-multirecord-deaggergation.html, API PutRecord):
 *  - `SubRecordType` JSON splits on consecutive JSON objects; DELIMITED splits on a
 *    delimiter given base64-encoded (`####` is `IyMjIw==`).
 *  - Deaggregation is capped at 500 sub-records per record; with more, "the record
 *    de-aggregation doesn't work as expected and transformation lambda is invoked with the
 *    complete ... data blob": we pass such a record on whole.
 *  - Deaggregation removes the newlines between records; AppendDelimiterToRecord adds '\n'.
 * Not documented, our choice: a record that is not valid JSON fails as a whole (it goes to
 * the error output); DELIMITED drops empty pieces (a trailing delimiter makes no empty record).
 */

import { Buffer } from 'node:buffer';
import { splitJsonObjects } from './jsonSplitter.js';

export const MAX_SUB_RECORDS = 500;
/** Limits of a processor ParameterValue in the API model. */
const MAX_PARAMETER_LENGTH = 5120;

export type DeAggregationConfig =
  | { readonly subRecordType: 'JSON' }
  | { readonly subRecordType: 'DELIMITED'; readonly delimiter: Uint8Array };

export type DeAggregationResult =
  /** Sub-records, as views of the input record. */
  | { readonly kind: 'split'; readonly records: Uint8Array[] }
  /** More than 500 sub-records: Firehose passes the record on whole. */
  | { readonly kind: 'whole'; readonly reason: 'too-many-sub-records' }
  /** Not valid input for the sub-record type: the record goes to the error output. */
  | { readonly kind: 'failed'; readonly message: string };

function splitDelimited(data: Uint8Array, delimiter: Uint8Array, maxRecords: number): DeAggregationResult {
  if (delimiter.length === 0) throw new RangeError('The delimiter must not be empty');
  // A Buffer view gives us the native indexOf; nothing is copied.
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const records: Uint8Array[] = [];
  let start = 0;
  while (start <= buf.length) {
    let end = buf.indexOf(delimiter, start);
    if (end < 0) end = buf.length;
    if (end > start) {
      if (records.length >= maxRecords) return { kind: 'whole', reason: 'too-many-sub-records' };
      records.push(data.subarray(start, end));
    }
    start = end + delimiter.length;
  }
  return { kind: 'split', records };
}

/** Applies RecordDeAggregation to one record. */
export function deaggregateRecord(data: Uint8Array, config: DeAggregationConfig): DeAggregationResult {
  if (config.subRecordType === 'DELIMITED') return splitDelimited(data, config.delimiter, MAX_SUB_RECORDS);
  const split = splitJsonObjects(data, MAX_SUB_RECORDS);
  switch (split.kind) {
    case 'records':
      return { kind: 'split', records: split.records };
    case 'tooMany':
      return { kind: 'whole', reason: 'too-many-sub-records' };
    case 'invalid':
      return { kind: 'failed', message: split.message };
  }
}

/** Decodes and checks the `Delimiter` parameter (standard base64 of at least one byte). */
export function parseDelimiterParameter(value: string): { readonly ok: true; readonly delimiter: Uint8Array } | { readonly ok: false; readonly error: string } {
  if (value.length === 0 || value.length > MAX_PARAMETER_LENGTH) {
    return { ok: false, error: `Delimiter must be 1 to ${MAX_PARAMETER_LENGTH} characters long` };
  }
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    return { ok: false, error: `Delimiter '${value}' is not valid base64` };
  }
  const delimiter = new Uint8Array(Buffer.from(value, 'base64'));
  if (delimiter.length === 0) return { ok: false, error: 'Delimiter must decode to at least one byte' };
  return { ok: true, delimiter };
}

const NEWLINE = 0x0a;

/** AppendDelimiterToRecord: the record followed by '\n'. */
export function appendNewline(record: Uint8Array): Uint8Array {
  const out = new Uint8Array(record.length + 1);
  out.set(record, 0);
  out[record.length] = NEWLINE;
  return out;
}
