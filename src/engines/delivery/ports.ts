/**
 * What the delivery engine needs from the rest of Lakehose, as narrow interfaces: the
 * wiring passes the real engines (streams, lake, functions, catalog), unit tests pass fakes.
 */
import type { TableLookup } from '../catalog/Table.js';
import type { LakeObject } from '../lake/Lake.js';
import type { ObjectBody, PutObjectOptions } from '../lake/ports.js';
import type { ReadLimits } from '../streams/ports.js';
import type { ShardLineage, ShardReadResult } from '../streams/StreamsEngine.js';

/** Kinesis streams read by offset (StreamsEngine provides these). */
export interface KinesisShardSource {
  shardLineage(streamName: string): { streamUid: string; shards: readonly ShardLineage[] };
  readShard(streamName: string, shardId: string, fromOffset: number, limits: ReadLimits): Promise<ShardReadResult>;
  shardOffsetAt(streamName: string, shardId: string, timestampMs: number): Promise<number>;
}

/** Where objects go (the Lake provides this). */
export interface DeliveryLake {
  putObject(bucket: string, key: string, body: ObjectBody, options?: PutObjectOptions): Promise<LakeObject>;
}

/** The answer of one function invocation, as the functions engine gives it. */
export type TransformInvocation =
  | { readonly ok: true; readonly result: unknown; readonly durationMs: number }
  | { readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly durationMs: number };

/** Transform functions (the functions engine provides this). */
export interface TransformFunctions {
  invoke(name: string, payload: unknown, opts?: { deadlineMs?: number }): Promise<TransformInvocation>;
}

/** The catalog, looked up when a batch is converted (it may be wired after delivery, or be absent). */
export type TableSource = () => TableLookup | undefined;

/** Where the engine reports what a person should know (the app's logger fits). */
/** A delivery error as it happens: records sent to the error output, or a write to the lake that failed. */
export interface DeliveryErrorEvent {
  readonly errorCode: string;
  readonly errorMessage: string;
  /** `processing-failed`, `format-conversion-failed`, `activePartitionExceeded` … when records went to the error output. */
  readonly outputType?: string;
  readonly lambdaArn?: string;
  /** Records affected (1 for a single record; more for a batch). */
  readonly records: number;
}

/** Where delivery errors go (the app sends them to CloudWatch Logs when a stream's error logging is on). */
export type DeliveryErrorSink = (deliveryStreamName: string, event: DeliveryErrorEvent) => void;

export interface DeliveryLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
