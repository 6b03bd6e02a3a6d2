import { gunzipSync } from 'node:zlib';
import { decodeKplRecord, deaggregateRecord, isKplAggregated } from '../deaggregation/index.js';
import type { ProcessingPlan } from '../model/DeliveryPlan.js';
import type { RecordFailure, SourceRecord, Unit } from './records.js';

/**
 * The processors that turn one source record into sub-records, in Firehose's order:
 * Decompression, CloudWatch Logs message extraction, KPL de-aggregation (Kinesis sources,
 * before any Lambda), then RecordDeAggregation. A record that cannot be split goes to the
 * error output whole; one with more than 500 sub-records passes on whole, as Firehose does.
 */
export function preprocess(source: SourceRecord, plan: ProcessingPlan): Unit {
  let pieces: Uint8Array[] = [source.data];
  if (plan.decompressGzip) {
    try {
      pieces = [new Uint8Array(gunzipSync(source.data))];
    } catch (e) {
      return failed(source, 'Decompression.Failed', `The record is not valid GZIP data: ${(e as Error).message}`);
    }
  }
  if (plan.extractCloudWatchMessages) {
    const messages = cloudWatchMessages(pieces[0]!);
    if (typeof messages === 'string') return failed(source, 'CloudWatchLogProcessing.InvalidPayload', messages);
    pieces = messages;
  }
  if (plan.kplDeaggregation) pieces = pieces.flatMap((p) => kplUserRecords(p));
  if (plan.deaggregation) {
    const out: Uint8Array[] = [];
    for (const piece of pieces) {
      const r = deaggregateRecord(piece, plan.deaggregation);
      if (r.kind === 'failed') return failed(source, 'RecordDeAggregation.Failed', r.message);
      if (r.kind === 'whole') out.push(piece);
      else out.push(...r.records);
    }
    pieces = out;
  }
  return { source, subRecords: pieces };
}

function kplUserRecords(blob: Uint8Array): Uint8Array[] {
  if (!isKplAggregated(blob)) return [blob];
  const decoded = decodeKplRecord(blob);
  return decoded.aggregated ? decoded.records.map((r) => r.data) : [blob];
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/** CloudWatch Logs subscription payloads: one record per log event of a DATA_MESSAGE; CONTROL_MESSAGEs carry none. */
function cloudWatchMessages(payload: Uint8Array): Uint8Array[] | string {
  let doc: unknown;
  try {
    doc = JSON.parse(utf8.decode(payload));
  } catch {
    return 'The record is not a CloudWatch Logs subscription payload (not JSON)';
  }
  const d = doc as { messageType?: unknown; logEvents?: unknown };
  if (d.messageType === 'CONTROL_MESSAGE') return [];
  if (d.messageType !== 'DATA_MESSAGE' || !Array.isArray(d.logEvents)) {
    return 'The record is not a CloudWatch Logs subscription payload (no DATA_MESSAGE logEvents)';
  }
  return d.logEvents.map((e: { message?: unknown }) => encoder.encode(typeof e.message === 'string' ? e.message : ''));
}

function failed(source: SourceRecord, errorCode: string, errorMessage: string): Unit {
  const failure: RecordFailure = { outputType: 'processing-failed', errorCode, errorMessage, attemptsMade: 1, rawData: source.data };
  return { source, subRecords: [], failure };
}
