import type { ConversionPlan } from '../model/DeliveryPlan.js';
import type { RecordFailure } from './records.js';

const encoder = new TextEncoder();

function base64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/**
 * A processing failure as Firehose writes it under `processing-failed/` (and, same shape,
 * dynamic-partitioning failures): one JSON document per line with `attemptsMade`,
 * `arrivalTimestamp`, `errorCode`, `errorMessage`, `attemptEndingTimestamp`, base64
 * `rawData` and, for Lambda failures, `lambdaArn`.
 */
export function processingErrorLine(failure: RecordFailure, arrivalMs: number, endedMs: number): Uint8Array {
  const doc: Record<string, unknown> = {
    attemptsMade: failure.attemptsMade,
    arrivalTimestamp: arrivalMs,
    errorCode: failure.errorCode,
    errorMessage: failure.errorMessage,
    attemptEndingTimestamp: endedMs,
    rawData: base64(failure.rawData),
  };
  if (failure.lambdaArn !== undefined) doc.lambdaArn = failure.lambdaArn;
  return encoder.encode(`${JSON.stringify(doc)}\n`);
}

export interface ConversionFailureInput {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly rawData: Uint8Array;
  readonly arrivalMs: number;
  readonly sequenceNumber: string | undefined;
  readonly subSequenceNumber: number;
}

/**
 * A record that failed format conversion, as Firehose writes it under
 * `format-conversion-failed/`: `lastErrorCode`/`lastErrorMessage`, the Kinesis sequence
 * number when there is one, and the catalog table used.
 */
export function conversionErrorLine(f: ConversionFailureInput, table: ConversionPlan, tableVersion: string, endedMs: number): Uint8Array {
  const doc = {
    attemptsMade: 1,
    arrivalTimestamp: f.arrivalMs,
    lastErrorCode: f.errorCode,
    lastErrorMessage: f.errorMessage,
    attemptEndingTimestamp: endedMs,
    rawData: base64(f.rawData),
    sequenceNumber: f.sequenceNumber ?? null,
    subSequenceNumber: f.subSequenceNumber,
    dataCatalogTable: {
      catalogId: table.catalogId,
      databaseName: table.databaseName,
      tableName: table.tableName,
      region: table.region,
      versionId: tableVersion,
      catalogArn: `arn:aws:glue:${table.region}:${table.catalogId}:catalog`,
    },
  };
  return encoder.encode(`${JSON.stringify(doc)}\n`);
}
