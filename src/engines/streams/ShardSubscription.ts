import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadLimits } from './ports.js';
import type { ShardReadResult, StreamRecordView } from './StreamsEngine.js';

/** One push to an enhanced fan-out consumer (AWS's SubscribeToShardEvent, in domain terms). */
export interface SubscriptionEvent {
  readonly records: StreamRecordView[];
  /** Where to resume with AFTER_SEQUENCE_NUMBER; undefined once a closed shard is read to its end. */
  readonly continuationSequenceNumber: string | undefined;
  readonly millisBehindLatest: number;
  /** Present on the last event of a closed shard. */
  readonly childShards: Array<{ shardId: string; parentShards: string[]; startingHashKey: string; endingHashKey: string }> | undefined;
}

/** What the push loop reads from; every call may throw a StreamsError (stream or consumer gone). */
export interface SubscriptionSource {
  read(fromOffset: number, limits: ReadLimits): Promise<ShardReadResult>;
  /** Throws when the subscription may no longer go on (consumer deregistered). */
  check(): void;
  childShards(): NonNullable<SubscriptionEvent['childShards']>;
  /** The sequence number a consumer resumes after (AFTER_SEQUENCE_NUMBER) to read from `offset`. */
  continuationOf(offset: number): string;
}

export interface SubscriptionTiming {
  /** AWS ends a subscription after 5 minutes. */
  readonly lifetimeMs: number;
  /** How often the shard is polled while the consumer is caught up. */
  readonly pollMs: number;
  /** An event (possibly without records) at least this often, so a consumer sees progress. */
  readonly heartbeatMs: number;
  /** Enhanced fan-out's read allowance per consumer and shard (2 MiB/s), kept loosely. */
  readonly bytesPerSecond: number;
  readonly clock: () => number;
}

const MAX_RECORDS_PER_EVENT = 10_000;

/**
 * Pushes a shard's records from `fromOffset` as they arrive: an event at once, then one
 * whenever records came in or `heartbeatMs` passed; ends after `lifetimeMs`, when `signal`
 * aborts (client gone, subscription taken over, shutdown) or after the event that carries a
 * closed shard's children.
 */
export async function* pushShard(source: SubscriptionSource, fromOffset: number, timing: SubscriptionTiming, signal: AbortSignal): AsyncGenerator<SubscriptionEvent> {
  const { clock } = timing;
  const deadline = clock() + timing.lifetimeMs;
  let offset = fromOffset;
  let lastEventMs = -Infinity;
  let windowStart = clock();
  let windowBytes = 0;
  while (!signal.aborted && clock() < deadline) {
    source.check();
    const now = clock();
    if (now - windowStart >= 1000) {
      windowStart = now;
      windowBytes = 0;
    }
    const allowance = timing.bytesPerSecond - windowBytes;
    if (allowance <= 0) {
      await pause(windowStart + 1000 - now, signal);
      continue;
    }
    const read = await source.read(offset, { maxRecords: MAX_RECORDS_PER_EVENT, maxBytes: allowance });
    offset = read.nextOffset;
    for (const r of read.records) windowBytes += r.data.length + Buffer.byteLength(r.partitionKey);
    if (signal.aborted) return;
    if (read.records.length > 0 || read.drained || clock() - lastEventMs >= timing.heartbeatMs) {
      lastEventMs = clock();
      yield {
        records: read.records.map((r) => ({ sequenceNumber: r.sequenceNumber, arrivalMs: r.arrivalMs, partitionKey: r.partitionKey, data: r.data })),
        continuationSequenceNumber: read.drained ? undefined : source.continuationOf(offset),
        millisBehindLatest: await millisBehind(source, offset, read.latestOffset, clock()),
        childShards: read.drained ? source.childShards() : undefined,
      };
      if (read.drained) return;
    }
    if (read.records.length === 0) await pause(timing.pollMs, signal);
  }
}

async function millisBehind(source: SubscriptionSource, offset: number, latestOffset: number, now: number): Promise<number> {
  if (offset >= latestOffset) return 0;
  const next = await source.read(offset, { maxRecords: 1, maxBytes: 1 });
  const arrival = next.records[0]?.arrivalMs;
  return arrival === undefined ? 0 : Math.max(0, now - arrival);
}

/** Waits, ending early (without throwing) when the signal aborts; no timer outlives it. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(Math.max(1, ms), undefined, { signal }).catch(() => {});
}
