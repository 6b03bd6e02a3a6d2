import { randomUUID } from 'node:crypto';
import type { DeliveryCounters } from '../DeliveryCounters.js';
import type { LambdaPlan } from '../model/DeliveryPlan.js';
import type { TransformFunctions, TransformInvocation } from '../ports.js';
import type { Backoff } from './Backoff.js';
import type { RecordFailure, TransformOutcome, Unit } from './records.js';

export interface TransformContext {
  readonly deliveryStreamArn: string;
  readonly region: string;
  /** Set for Kinesis sources: the event then carries kinesisRecordMetadata. */
  readonly sourceKinesisStreamArn?: string;
}

/** Lambda's synchronous payload limit is 6 MB; we stay under it with room for the envelope. */
const MAX_PAYLOAD_ESTIMATE = 5_500_000;
const PER_RECORD_OVERHEAD = 160;
const KINESIS_METADATA_OVERHEAD = 260;

/**
 * Firehose's data transformation: calls the function with AWS's event
 * (`invocationId`, `deliveryStreamArn`, `region`, `records[]` of `recordId`,
 * `approximateArrivalTimestamp`, base64 `data`), checks the answer record by record (same
 * ids, `Ok`/`Dropped`/`ProcessingFailed`, base64 data, `metadata.partitionKeys`), and retries
 * a failed invocation NumberOfRetries times with backoff before failing the whole batch.
 */
export class LambdaTransform {
  constructor(
    private readonly plan: LambdaPlan,
    private readonly functions: TransformFunctions | undefined,
    private readonly context: TransformContext,
    private readonly backoff: Backoff,
    private readonly counters: DeliveryCounters,
  ) {}

  /** The payload a sub-record adds to an invocation (for batching under the 6 MB limit). */
  payloadEstimate(bytes: number): number {
    return Math.ceil(bytes / 3) * 4 + PER_RECORD_OVERHEAD + (this.context.sourceKinesisStreamArn ? KINESIS_METADATA_OVERHEAD : 0);
  }

  static readonly maxPayloadEstimate = MAX_PAYLOAD_ESTIMATE;

  /** Transforms every sub-record of `units`; failures are outcomes, never exceptions (except Aborted when stopping). */
  async run(units: readonly Unit[]): Promise<TransformOutcome[][]> {
    const outcomes: TransformOutcome[][] = units.map((u) => new Array<TransformOutcome>(u.subRecords.length));
    const inputs: Array<{ recordId: string; unit: number; sub: number }> = [];
    const records: unknown[] = [];
    units.forEach((unit, u) => {
      unit.subRecords.forEach((data, s) => {
        const src = unit.source;
        const recordId = Buffer.from(`${src.shard}/${src.offset}/${s}`).toString('base64');
        inputs.push({ recordId, unit: u, sub: s });
        const record: Record<string, unknown> = {
          recordId,
          approximateArrivalTimestamp: src.arrivalMs,
          data: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
        };
        if (this.context.sourceKinesisStreamArn) {
          record.kinesisRecordMetadata = {
            shardId: src.shard,
            partitionKey: src.partitionKey ?? '',
            approximateArrivalTimestamp: src.arrivalMs,
            sequenceNumber: src.sequenceNumber ?? '',
            subsequenceNumber: s,
          };
        }
        records.push(record);
      });
    });
    if (inputs.length === 0) return outcomes;

    const attempts = this.plan.retries + 1;
    let lastCode = 'Lambda.FunctionError';
    let lastMessage = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await this.backoff.wait(attempt - 2);
      const event: Record<string, unknown> = {
        invocationId: randomUUID(),
        deliveryStreamArn: this.context.deliveryStreamArn,
        region: this.context.region,
        records,
      };
      if (this.context.sourceKinesisStreamArn) event.sourceKinesisStreamArn = this.context.sourceKinesisStreamArn;
      const answer = await this.invoke(event);
      this.counters.add('processingDuration', answer.durationMs);
      if (!answer.ok) {
        this.counters.add('processingSuccess', 0);
        lastCode = answer.errorCode;
        lastMessage = answer.errorMessage;
        continue;
      }
      const parsed = parseResponse(answer.result);
      if (typeof parsed === 'string') {
        this.counters.add('processingSuccess', 0);
        lastCode = 'Lambda.JsonProcessingException';
        lastMessage = parsed;
        continue;
      }
      this.counters.add('processingSuccess', 1);
      this.apply(parsed, inputs, units, outcomes, attempt);
      return outcomes;
    }
    // Every attempt failed: the whole batch goes to processing-failed.
    for (const input of inputs) {
      outcomes[input.unit]![input.sub] = {
        kind: 'failed',
        failure: this.failure(lastCode, lastMessage, units[input.unit]!.subRecords[input.sub]!, attempts),
      };
    }
    return outcomes;
  }

  private async invoke(event: unknown): Promise<{ ok: true; result: unknown; durationMs: number } | { ok: false; errorCode: string; errorMessage: string; durationMs: number }> {
    if (!this.functions) {
      return { ok: false, errorCode: 'Lambda.FunctionNotFound', errorMessage: 'No functions engine is running', durationMs: 0 };
    }
    const started = performance.now();
    let result: TransformInvocation;
    try {
      result = await this.functions.invoke(this.plan.functionName, event);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, errorCode: 'Lambda.FunctionNotFound', errorMessage: message, durationMs: performance.now() - started };
    }
    if (result.ok) return { ok: true, result: result.result, durationMs: result.durationMs };
    return { ok: false, errorCode: lambdaErrorCode(result.errorType), errorMessage: result.errorMessage, durationMs: result.durationMs };
  }

  private apply(
    answers: ReadonlyMap<string, AnswerRecord[]>,
    inputs: ReadonlyArray<{ recordId: string; unit: number; sub: number }>,
    units: readonly Unit[],
    outcomes: TransformOutcome[][],
    attempts: number,
  ): void {
    let okRecords = 0;
    let okBytes = 0;
    for (const input of inputs) {
      const raw = units[input.unit]!.subRecords[input.sub]!;
      const found = answers.get(input.recordId);
      let outcome: TransformOutcome;
      if (!found || found.length === 0) {
        outcome = { kind: 'failed', failure: this.failure('Lambda.MissingRecordId', `recordId ${input.recordId} is missing from the function's response`, raw, attempts) };
      } else if (found.length > 1) {
        outcome = { kind: 'failed', failure: this.failure('Lambda.DuplicatedRecordId', `recordId ${input.recordId} appears ${found.length} times in the function's response`, raw, attempts) };
      } else {
        outcome = this.outcomeOf(found[0]!, raw, attempts);
      }
      if (outcome.kind === 'ok') {
        okRecords++;
        okBytes += outcome.data.length;
      } else if (outcome.kind === 'dropped') okRecords++;
      outcomes[input.unit]![input.sub] = outcome;
    }
    this.counters.add('processingRecords', okRecords);
    this.counters.add('processingBytes', okBytes);
  }

  private outcomeOf(answer: AnswerRecord, raw: Uint8Array, attempts: number): TransformOutcome {
    switch (answer.result) {
      case 'Dropped':
        return { kind: 'dropped' };
      case 'ProcessingFailed':
        return { kind: 'failed', failure: this.failure('Lambda.ProcessingFailedStatus', 'The function returned ProcessingFailed for this record', raw, attempts) };
      case 'Ok': {
        if (typeof answer.data !== 'string' || !BASE64.test(answer.data)) {
          return { kind: 'failed', failure: this.failure('Lambda.InvalidData', 'The data of an Ok record must be a base64 string', raw, attempts) };
        }
        const keys = answer.metadata?.partitionKeys;
        if (keys !== undefined && !isStringMap(keys)) {
          return { kind: 'failed', failure: this.failure('Lambda.InvalidPartitionKeys', 'metadata.partitionKeys must map names to strings', raw, attempts) };
        }
        const data = new Uint8Array(Buffer.from(answer.data, 'base64'));
        return keys === undefined ? { kind: 'ok', data } : { kind: 'ok', data, partitionKeys: keys };
      }
      default:
        return {
          kind: 'failed',
          failure: this.failure('Lambda.InvalidResult', `result must be Ok, Dropped or ProcessingFailed, not ${JSON.stringify(answer.result)}`, raw, attempts),
        };
    }
  }

  private failure(errorCode: string, errorMessage: string, rawData: Uint8Array, attemptsMade: number): RecordFailure {
    return { outputType: 'processing-failed', errorCode, errorMessage, attemptsMade, rawData, lambdaArn: this.plan.functionArn };
  }
}

interface AnswerRecord {
  recordId?: unknown;
  result?: unknown;
  data?: unknown;
  metadata?: { partitionKeys?: unknown };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The function's records by recordId, or why the response is not a Firehose transformation response. */
function parseResponse(result: unknown): Map<string, AnswerRecord[]> | string {
  if (result === null || typeof result !== 'object' || !Array.isArray((result as { records?: unknown }).records)) {
    return 'The function response must be a JSON object with a records array';
  }
  const byId = new Map<string, AnswerRecord[]>();
  for (const r of (result as { records: unknown[] }).records) {
    if (r === null || typeof r !== 'object') return 'Every record of the function response must be an object';
    const record = r as AnswerRecord;
    if (typeof record.recordId !== 'string') continue; // counts as a missing id for the input it was meant for
    const list = byId.get(record.recordId);
    if (list) list.push(record);
    else byId.set(record.recordId, [record]);
  }
  return byId;
}

function isStringMap(v: unknown): v is Record<string, string> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** Firehose's error codes for an invocation that did not answer. */
function lambdaErrorCode(errorType: string): string {
  switch (errorType) {
    case 'Throttled':
      return 'Lambda.InvokeLimitExceeded';
    case 'Timeout':
      return 'Lambda.FunctionTimedOut';
    case 'RequestTooLarge':
      return 'Lambda.PayloadTooLarge';
    case 'ResponseTooLarge':
      return 'Lambda.ResponseTooLarge';
    default:
      return 'Lambda.FunctionError';
  }
}
