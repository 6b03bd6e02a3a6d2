import { randomBytes } from 'node:crypto';
import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { noMetrics, type Counter, type MetricsRecorder } from '../metrics/Metric.js';
import { hashKeyOfPartitionKey, hexOfHashKey, parseExplicitHashKey, uniformRanges } from './HashKey.js';
import { LiveShard } from './LiveShard.js';
import { LogUnavailableError, type LogRecord, type LogRecordInput, type ReadLimits, type StreamLogStore } from './ports.js';
import { planUniformResharding, type HashRange } from './Resharding.js';
import { decodeSequenceNumber } from './SequenceNumber.js';
import { ShardIteratorCodec } from './ShardIteratorCodec.js';
import { shardIdOf, shardIndexOf, type ShardState, type StreamMode, type StreamState } from './Stream.js';
import { StreamsError } from './StreamsError.js';
import { expandShardLevelMetrics, ShardCounters, type ShardLevelMetric } from './shardLevelMetrics.js';

export interface StreamsEngineOptions {
  /** Used in messages ("Stream x under account 000000000000 not found."). */
  readonly accountId: string;
  /** Open shards allowed across all streams. */
  readonly shardLimit: number;
  /** Streams allowed in on-demand mode. */
  readonly onDemandStreamLimit: number;
  /** How long CREATING, UPDATING and DELETING last; 0 makes changes take effect before the call returns. */
  readonly transitionDelayMs: number;
  /** Per-shard write limits for streams that do not say (config can turn them on per stream). */
  readonly throughputLimitsByDefault: boolean;
  /** How often retention is enforced. */
  readonly retentionSweepMs: number;
  readonly clock?: () => number;
  /** Where AWS/Kinesis figures (IncomingRecords, PutRecords.Latency …) are counted. */
  readonly metrics?: MetricsRecorder;
}

/** The AWS/Kinesis stream-level metrics this engine keeps (dimension StreamName). */
class StreamCounters {
  readonly incomingRecords: Counter;
  readonly incomingBytes: Counter;
  readonly putRecordsLatency: Counter;
  readonly putRecordsSuccess: Counter;
  readonly putRecordsSuccessfulRecords: Counter;
  readonly putRecordsFailedRecords: Counter;
  readonly putRecordsThrottledRecords: Counter;
  readonly putRecordsTotalRecords: Counter;
  readonly writeThroughputExceeded: Counter;
  readonly getRecordsRecords: Counter;
  readonly getRecordsBytes: Counter;
  readonly getRecordsIteratorAge: Counter;
  readonly getRecordsSuccess: Counter;

  constructor(metrics: MetricsRecorder, streamName: string) {
    const d = { StreamName: streamName };
    const c = (name: string, unit: 'Count' | 'Bytes' | 'Milliseconds' = 'Count') => metrics.counter('AWS/Kinesis', name, d, unit);
    this.incomingRecords = c('IncomingRecords');
    this.incomingBytes = c('IncomingBytes', 'Bytes');
    this.putRecordsLatency = c('PutRecords.Latency', 'Milliseconds');
    this.putRecordsSuccess = c('PutRecords.Success');
    this.putRecordsSuccessfulRecords = c('PutRecords.SuccessfulRecords');
    this.putRecordsFailedRecords = c('PutRecords.FailedRecords');
    this.putRecordsThrottledRecords = c('PutRecords.ThrottledRecords');
    this.putRecordsTotalRecords = c('PutRecords.TotalRecords');
    this.writeThroughputExceeded = c('WriteProvisionedThroughputExceeded');
    this.getRecordsRecords = c('GetRecords.Records');
    this.getRecordsBytes = c('GetRecords.Bytes', 'Bytes');
    this.getRecordsIteratorAge = c('GetRecords.IteratorAgeMilliseconds', 'Milliseconds');
    this.getRecordsSuccess = c('GetRecords.Success');
  }
}

export interface PutEntry {
  readonly partitionKey: string;
  readonly explicitHashKey?: string | undefined;
  readonly data: Uint8Array;
}

export type PutResult =
  | { readonly ok: true; readonly shardId: string; readonly sequenceNumber: string }
  | { readonly ok: false; readonly kind: 'ThroughputExceeded' | 'StorageUnavailable'; readonly message: string };

export type IteratorType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface StreamRecordView {
  readonly sequenceNumber: string;
  readonly arrivalMs: number;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface ShardView {
  readonly shardId: string;
  readonly parentShardId: string | undefined;
  readonly adjacentParentShardId: string | undefined;
  /** Decimal, as AWS shows them. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
  readonly startingSequenceNumber: string;
  readonly endingSequenceNumber: string | undefined;
  readonly openedAtMs: number;
  readonly closedAtMs: number | undefined;
}

export interface GetRecordsResult {
  readonly records: StreamRecordView[];
  readonly nextIterator: string | undefined;
  readonly millisBehindLatest: number;
  /** Present once a closed shard has been read to its end. */
  readonly childShards: Array<{ shardId: string; parentShards: string[]; startingHashKey: string; endingHashKey: string }> | undefined;
}

/** A shard as an in-process consumer sees it: enough to read parents before children. */
export interface ShardLineage {
  readonly shardId: string;
  readonly parentShardIds: readonly string[];
  readonly createdAtMs: number;
  readonly closed: boolean;
}

export interface ShardReadResult {
  readonly records: Array<LogRecord & { readonly sequenceNumber: string }>;
  readonly nextOffset: number;
  /** True once a closed shard has no records after `nextOffset`. */
  readonly drained: boolean;
  /** The offset after the shard's newest durable record (for lag). */
  readonly latestOffset: number;
}

export interface StreamSummary {
  readonly name: string;
  readonly status: StreamState['status'];
  readonly mode: StreamMode;
  readonly createdAtMs: number;
  readonly retentionHours: number;
  readonly encryption: StreamState['encryption'];
  readonly shardLevelMetrics: readonly ShardLevelMetric[];
  readonly openShardCount: number;
  readonly maxRecordSizeKiB: number;
}

const ITERATOR_LIFETIME_MS = 5 * 60 * 1000;
export const MAX_GET_RECORDS = 10_000;
export const MAX_GET_RECORDS_BYTES = 10 * 1024 * 1024;
export const MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;
const MIN_RETENTION_HOURS = 24;
const MAX_RETENTION_HOURS = 8760;
const ON_DEMAND_INITIAL_SHARDS = 4;
const MAX_TAGS = 50;
const META_KEY_ITERATOR_SECRET = 'iterator-secret';

class LiveStream {
  readonly shards = new Map<number, LiveShard>();
  /** Open shards ordered by hash range, for routing. */
  open: LiveShard[] = [];
  readonly counters: StreamCounters;
  /** Shard-level counters by shard index, while enhanced monitoring is on. */
  private shardCounters = new Map<number, ShardCounters>();

  constructor(
    public state: StreamState,
    private readonly metrics: MetricsRecorder,
  ) {
    this.counters = new StreamCounters(metrics, state.name);
  }

  /** The shard's enhanced-monitoring counters; undefined (nothing to count) while it is off. */
  countersOf(shard: LiveShard): ShardCounters | undefined {
    const enabled = this.state.shardLevelMetrics;
    if (!enabled || enabled.length === 0) return undefined;
    let c = this.shardCounters.get(shard.state.index);
    if (!c) this.shardCounters.set(shard.state.index, (c = new ShardCounters(this.metrics, this.state.name, shard.id, enabled)));
    return c;
  }

  /** Enhanced monitoring changed: counters are made again for the new set. */
  resetShardCounters(): void {
    this.shardCounters = new Map();
  }

  reindex(): void {
    this.open = [...this.shards.values()].filter((s) => s.isOpen).sort((a, b) => (a.state.hashStart < b.state.hashStart ? -1 : 1));
  }

  route(hashHex: string): LiveShard {
    const open = this.open;
    let lo = 0;
    let hi = open.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (open[mid]!.state.hashStart <= hashHex) lo = mid;
      else hi = mid - 1;
    }
    return open[lo]!;
  }
}

/**
 * Kinesis Data Streams in domain terms: streams of shards, each an append-only log;
 * records routed by the MD5 of their partition key; sequence numbers and iterators;
 * retention and resharding.
 */
export class StreamsEngine {
  private readonly live = new Map<string, LiveStream>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly clock: () => number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly options: StreamsEngineOptions,
    private readonly store: DocumentCollection<StreamState>,
    private readonly logs: StreamLogStore,
    private readonly iterators: ShardIteratorCodec,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  static async open(
    options: StreamsEngineOptions,
    store: DocumentCollection<StreamState>,
    settings: DocumentCollection<{ value: string }>,
    logs: StreamLogStore,
  ): Promise<StreamsEngine> {
    let secret = (await settings.get(META_KEY_ITERATOR_SECRET))?.value;
    if (!secret) {
      secret = randomBytes(32).toString('hex');
      await settings.put(META_KEY_ITERATOR_SECRET, { value: secret });
    }
    const engine = new StreamsEngine(options, store, logs, new ShardIteratorCodec(Buffer.from(secret, 'hex')));
    for (const { doc } of await store.list()) await engine.recover(doc);
    if (options.retentionSweepMs > 0) {
      engine.sweepTimer = setInterval(() => void engine.enforceRetention().catch(() => {}), options.retentionSweepMs);
      engine.sweepTimer.unref();
    }
    return engine;
  }

  /** Brings a stream back after a restart, finishing any transition that was under way. */
  private async recover(state: StreamState): Promise<void> {
    if (state.status === 'DELETING') {
      await this.logs.deleteStream(state.uid);
      await this.store.delete(state.name);
      return;
    }
    const stream = new LiveStream(state, this.options.metrics ?? noMetrics);
    for (const shard of state.shards) stream.shards.set(shard.index, new LiveShard(shard, await this.logs.openShard(state.uid, shardIdOf(shard.index))));
    // A shard closed just before a crash may not have its end recorded yet.
    for (const shard of stream.shards.values()) {
      if (!shard.isOpen && shard.state.endOffset === undefined) shard.state.endOffset = shard.log.nextOffset;
    }
    stream.reindex();
    if (state.status !== 'ACTIVE') {
      state.status = 'ACTIVE';
      await this.store.put(state.name, state);
    }
    this.live.set(state.name, stream);
  }

  // ---- streams -------------------------------------------------------------------------

  async createStream(input: {
    name: string;
    shardCount?: number | undefined;
    mode?: StreamMode | undefined;
    tags?: Record<string, string> | undefined;
    retentionHours?: number | undefined;
    throughputLimits?: boolean | undefined;
    maxRecordSizeKiB?: number | undefined;
  }): Promise<void> {
    const mode = input.mode ?? 'PROVISIONED';
    if (this.live.has(input.name)) {
      throw new StreamsError('StreamExists', `Stream ${input.name} under account ${this.options.accountId} already exists.`);
    }
    let shardCount: number;
    if (mode === 'ON_DEMAND') {
      if (this.onDemandStreamCount() >= this.options.onDemandStreamLimit) {
        throw new StreamsError('LimitExceeded', `This request would exceed the limit of ${this.options.onDemandStreamLimit} on-demand streams for the account ${this.options.accountId}.`);
      }
      shardCount = input.shardCount ?? ON_DEMAND_INITIAL_SHARDS;
    } else {
      if (input.shardCount === undefined) {
        throw new StreamsError('InvalidArgument', 'ShardCount is required for a stream in PROVISIONED mode.');
      }
      shardCount = input.shardCount;
    }
    if (shardCount < 1) throw new StreamsError('InvalidArgument', `ShardCount must be at least 1, was ${shardCount}.`);
    this.checkShardQuota(shardCount);
    if (input.tags) this.checkTagCount(input.name, Object.keys(input.tags).length);
    const retentionHours = input.retentionHours ?? 24;
    this.checkRetentionBounds(retentionHours);
    const now = this.clock();
    const state: StreamState = {
      name: input.name,
      uid: randomBytes(8).toString('hex'),
      createdAtMs: now,
      status: this.options.transitionDelayMs > 0 ? 'CREATING' : 'ACTIVE',
      mode,
      retentionHours,
      tags: { ...input.tags },
      encryption: { type: 'NONE' },
      maxRecordSizeKiB: input.maxRecordSizeKiB ?? 1024,
      throughputLimits: input.throughputLimits ?? this.options.throughputLimitsByDefault,
      shards: uniformRanges(shardCount).map((r, index) => ({
        index,
        createdAtMs: now,
        hashStart: hexOfHashKey(r.start),
        hashEnd: hexOfHashKey(r.end),
      })),
      nextShardIndex: shardCount,
      modeChangesMs: [],
    };
    const stream = new LiveStream(state, this.options.metrics ?? noMetrics);
    for (const shard of state.shards) stream.shards.set(shard.index, new LiveShard(shard, await this.logs.openShard(state.uid, shardIdOf(shard.index))));
    stream.reindex();
    await this.store.put(state.name, state);
    this.live.set(state.name, stream);
    this.afterTransition(stream, () => {});
  }

  async deleteStream(name: string): Promise<void> {
    const stream = this.find(name);
    if (stream.state.status === 'DELETING') return;
    stream.state.status = 'DELETING';
    await this.store.put(name, stream.state);
    const remove = async () => {
      this.live.delete(name);
      await Promise.all([...stream.shards.values()].map((s) => s.settled()));
      await this.logs.deleteStream(stream.state.uid);
      await this.store.delete(name);
    };
    if (this.options.transitionDelayMs > 0) this.later(() => remove());
    else await remove();
  }

  /** Stream names in lexicographic order. */
  listStreams(): string[] {
    return [...this.live.keys()].sort();
  }

  /** What PutRecord(s) report: how records written now are encrypted. */
  encryptionType(name: string): StreamState['encryption']['type'] {
    return this.find(name).state.encryption.type;
  }

  summary(name: string): StreamSummary {
    const { state, open } = this.find(name);
    return {
      name: state.name,
      status: state.status,
      mode: state.mode,
      createdAtMs: state.createdAtMs,
      retentionHours: state.retentionHours,
      encryption: { ...state.encryption },
      shardLevelMetrics: [...(state.shardLevelMetrics ?? [])],
      openShardCount: open.length,
      maxRecordSizeKiB: state.maxRecordSizeKiB,
    };
  }

  limits(): { shardLimit: number; openShardCount: number; onDemandStreamCount: number; onDemandStreamLimit: number } {
    let open = 0;
    for (const s of this.live.values()) open += s.open.length;
    return {
      shardLimit: this.options.shardLimit,
      openShardCount: open,
      onDemandStreamCount: this.onDemandStreamCount(),
      onDemandStreamLimit: this.options.onDemandStreamLimit,
    };
  }

  /** Shards a client may still see: open ones, and closed ones whose data is within retention. */
  shards(name: string): ShardView[] {
    const stream = this.find(name);
    const cutoff = this.clock() - stream.state.retentionHours * 3_600_000;
    return [...stream.shards.values()]
      .filter((s) => s.isOpen || s.state.closedAtMs! >= cutoff)
      .sort((a, b) => a.state.index - b.state.index)
      .map((s) => this.viewOf(s));
  }

  private viewOf(shard: LiveShard): ShardView {
    const s = shard.state;
    return {
      shardId: shard.id,
      parentShardId: s.parentIndex === undefined ? undefined : shardIdOf(s.parentIndex),
      adjacentParentShardId: s.adjacentParentIndex === undefined ? undefined : shardIdOf(s.adjacentParentIndex),
      startingHashKey: BigInt('0x' + s.hashStart).toString(10),
      endingHashKey: BigInt('0x' + s.hashEnd).toString(10),
      startingSequenceNumber: shard.sequencer.sequenceOf(0),
      endingSequenceNumber: shard.isOpen ? undefined : shard.sequencer.sequenceOf(s.endOffset ?? shard.log.nextOffset),
      openedAtMs: s.createdAtMs,
      closedAtMs: s.closedAtMs,
    };
  }

  // ---- writing -------------------------------------------------------------------------

  /**
   * Appends records; the promise resolves once every accepted record is durable. Records
   * that the shard's throughput limit or the storage refuses fail one by one, as AWS's
   * PutRecords reports them.
   */
  async putRecords(name: string, entries: readonly PutEntry[]): Promise<PutResult[]> {
    const stream = this.writable(name);
    const maxRecordBytes = stream.state.maxRecordSizeKiB * 1024;
    let total = 0;
    const hashes = new Array<string>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.data.length > maxRecordBytes) {
        throw new StreamsError('InvalidArgument', `Record size ${e.data.length} bytes exceeds the maximum record size of ${maxRecordBytes} bytes (record ${i}).`);
      }
      total += e.data.length + Buffer.byteLength(e.partitionKey);
      if (e.explicitHashKey !== undefined) {
        const h = parseExplicitHashKey(e.explicitHashKey);
        if (h === undefined) {
          throw new StreamsError('InvalidArgument', `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${e.explicitHashKey}`);
        }
        hashes[i] = h;
      } else {
        hashes[i] = hashKeyOfPartitionKey(e.partitionKey);
      }
    }
    if (total > Math.max(MAX_PUT_RECORDS_BYTES, maxRecordBytes)) {
      throw new StreamsError('InvalidArgument', `Records size ${total} bytes exceeds the limit of ${MAX_PUT_RECORDS_BYTES} bytes per request (data and partition keys).`);
    }
    const now = this.clock();
    const results = new Array<PutResult>(entries.length);
    const groups = new Map<LiveShard, { indexes: number[]; records: LogRecordInput[] }>();
    const limited = stream.state.throughputLimits;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const shard = stream.route(hashes[i]!);
      if (limited && !shard.tryTakeWriteCapacity(e.data.length + Buffer.byteLength(e.partitionKey), now)) {
        stream.countersOf(shard)?.writeThroughputExceeded.add(1);
        results[i] = {
          ok: false,
          kind: 'ThroughputExceeded',
          message: `Rate exceeded for shard ${shard.id} in stream ${name} under account ${this.options.accountId}.`,
        };
        continue;
      }
      let g = groups.get(shard);
      if (!g) groups.set(shard, (g = { indexes: [], records: [] }));
      g.indexes.push(i);
      g.records.push(e);
    }
    const appends: Promise<void>[] = [];
    for (const [shard, g] of groups) {
      appends.push(
        shard.append(g.records, now).then(
          (base) => {
            for (let j = 0; j < g.indexes.length; j++) {
              results[g.indexes[j]!] = { ok: true, shardId: shard.id, sequenceNumber: shard.sequencer.sequenceOf(base + j) };
            }
            const sc = stream.countersOf(shard);
            if (sc) {
              let bytes = 0;
              for (const r of g.records) bytes += r.data.length;
              sc.incomingRecords.add(g.records.length);
              sc.incomingBytes.add(bytes);
            }
          },
          (error: unknown) => {
            const message = storageMessage(error);
            for (const i of g.indexes) results[i] = { ok: false, kind: 'StorageUnavailable', message };
          },
        ),
      );
    }
    await Promise.all(appends);
    const c = stream.counters;
    let stored = 0;
    let storedBytes = 0;
    let throttled = 0;
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r.ok) {
        stored++;
        storedBytes += entries[i]!.data.length;
      } else if (r.kind === 'ThroughputExceeded') throttled++;
    }
    c.incomingRecords.add(stored);
    c.incomingBytes.add(storedBytes);
    c.putRecordsTotalRecords.add(entries.length);
    c.putRecordsSuccessfulRecords.add(stored);
    c.putRecordsFailedRecords.add(entries.length - stored - throttled);
    c.putRecordsThrottledRecords.add(throttled);
    if (throttled > 0) c.writeThroughputExceeded.add(throttled);
    c.putRecordsSuccess.add(stored === entries.length ? 1 : 0);
    c.putRecordsLatency.add(this.clock() - now);
    return results;
  }

  // ---- reading by offset, for in-process consumers (Firehose delivery) ------------------

  /**
   * A stream's storage id (a re-created stream gets a new one, so consumers can reset their
   * checkpoints) and every shard it still holds, with its parents and whether it is closed.
   */
  shardLineage(name: string): { streamUid: string; shards: ShardLineage[] } {
    const stream = this.readable(name);
    const shards = [...stream.shards.values()]
      .sort((a, b) => a.state.index - b.state.index)
      .map((s) => ({
        shardId: s.id,
        parentShardIds: [s.state.parentIndex, s.state.adjacentParentIndex].filter((x): x is number => x !== undefined).map(shardIdOf),
        createdAtMs: s.state.createdAtMs,
        closed: !s.isOpen,
      }));
    return { streamUid: stream.state.uid, shards };
  }

  /**
   * Reads a shard from an offset that the consumer keeps itself (no iterator, no expiry):
   * from the retention horizon at the earliest; `drained` once a closed shard has been read
   * to its end.
   */
  async readShard(name: string, shardId: string, fromOffset: number, limits: ReadLimits): Promise<ShardReadResult> {
    const stream = this.readable(name);
    const shard = this.shardOf(stream, shardId);
    const from = Math.max(fromOffset, await this.trimHorizon(stream, shard));
    const end = shard.state.endOffset;
    const maxRecords = Math.min(limits.maxRecords, end === undefined ? Infinity : Math.max(end - from, 0));
    const read = maxRecords > 0 ? await shard.log.read(from, { maxRecords, maxBytes: limits.maxBytes }) : { records: [], nextOffset: from };
    const records = read.records.map((r) => ({ ...r, sequenceNumber: shard.sequencer.sequenceOf(r.offset) }));
    return { records, nextOffset: read.nextOffset, drained: shard.isDrainedAt(read.nextOffset), latestOffset: end ?? shard.log.nextOffset };
  }

  /** The offset of a shard's first record that arrived at or after `timestampMs` (where a consumer that starts "now" begins). */
  async shardOffsetAt(name: string, shardId: string, timestampMs: number): Promise<number> {
    const stream = this.readable(name);
    const shard = this.shardOf(stream, shardId);
    return shard.log.offsetAtTime(timestampMs);
  }

  // ---- reading -------------------------------------------------------------------------

  async getShardIterator(
    name: string,
    shardId: string,
    type: IteratorType,
    from: { sequenceNumber?: string | undefined; timestampMs?: number | undefined },
  ): Promise<string> {
    const stream = this.readable(name);
    const shard = this.shardOf(stream, shardId);
    let offset: number;
    switch (type) {
      case 'TRIM_HORIZON':
      case 'LATEST':
        if (from.sequenceNumber !== undefined) {
          throw new StreamsError('InvalidArgument', `Request specified ${type} and also a StartingSequenceNumber.`);
        }
        offset = type === 'LATEST' ? (shard.state.endOffset ?? shard.log.nextOffset) : await this.trimHorizon(stream, shard);
        break;
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        if (from.sequenceNumber === undefined) {
          throw new StreamsError('InvalidArgument', `Request specified ${type} and no StartingSequenceNumber.`);
        }
        const at = this.offsetOfSequence(stream, shard, from.sequenceNumber);
        offset = type === 'AT_SEQUENCE_NUMBER' ? at : at + 1;
        break;
      }
      case 'AT_TIMESTAMP': {
        if (from.timestampMs === undefined) {
          throw new StreamsError('InvalidArgument', 'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.');
        }
        const now = this.clock();
        if (from.timestampMs > now) {
          throw new StreamsError('InvalidArgument', `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${from.timestampMs}, currentTimestampInMillis: ${now}`);
        }
        offset = Math.max(await shard.log.offsetAtTime(from.timestampMs), await this.trimHorizon(stream, shard));
        break;
      }
    }
    return this.iterators.encode({ streamName: name, streamUid: stream.state.uid, shardIndex: shard.state.index, offset, issuedAtMs: this.clock() });
  }

  async getRecords(iterator: string, limit: number | undefined): Promise<GetRecordsResult> {
    const position = this.iterators.decode(iterator);
    if (!position) throw new StreamsError('InvalidArgument', 'Invalid ShardIterator.');
    const now = this.clock();
    if (now - position.issuedAtMs > ITERATOR_LIFETIME_MS) {
      throw new StreamsError(
        'IteratorExpired',
        `Iterator expired. The iterator was created at time ${amzTime(position.issuedAtMs)} while right now it is ${amzTime(now)} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
      );
    }
    const stream = this.live.get(position.streamName);
    if (!stream || stream.state.uid !== position.streamUid) {
      throw new StreamsError('StreamNotFound', `Stream ${position.streamName} under account ${this.options.accountId} not found.`);
    }
    const shard = stream.shards.get(position.shardIndex);
    if (!shard) {
      throw new StreamsError('ShardNotFound', `Shard ${shardIdOf(position.shardIndex)} in stream ${position.streamName} under account ${this.options.accountId} does not exist`);
    }
    const from = Math.max(position.offset, await this.trimHorizon(stream, shard));
    const end = shard.state.endOffset;
    const maxRecords = Math.min(limit ?? MAX_GET_RECORDS, MAX_GET_RECORDS, end === undefined ? Infinity : Math.max(end - from, 0));
    const read = maxRecords > 0 ? await shard.log.read(from, { maxRecords, maxBytes: MAX_GET_RECORDS_BYTES }) : { records: [], nextOffset: from };
    const records: StreamRecordView[] = read.records.map((r) => ({
      sequenceNumber: shard.sequencer.sequenceOf(r.offset),
      arrivalMs: r.arrivalMs,
      partitionKey: r.partitionKey,
      data: r.data,
    }));
    const nextOffset = read.nextOffset;
    const drained = shard.isDrainedAt(nextOffset);
    let millisBehindLatest = 0;
    if (nextOffset < shard.log.nextOffset) {
      const arrival = await shard.log.arrivalTimeOf(nextOffset);
      millisBehindLatest = arrival === undefined ? 0 : Math.max(0, now - arrival);
    }
    const c = stream.counters;
    let bytes = 0;
    for (const r of read.records) bytes += r.data.length;
    c.getRecordsRecords.add(records.length);
    c.getRecordsBytes.add(bytes);
    c.getRecordsIteratorAge.add(records.length > 0 ? Math.max(0, now - records[0]!.arrivalMs) : 0);
    c.getRecordsSuccess.add(1);
    const sc = stream.countersOf(shard);
    if (sc) {
      sc.outgoingRecords.add(records.length);
      sc.outgoingBytes.add(bytes);
      sc.iteratorAge.add(records.length > 0 ? Math.max(0, now - records[0]!.arrivalMs) : 0);
    }
    return {
      records,
      nextIterator: drained
        ? undefined
        : this.iterators.encode({ ...position, offset: nextOffset, issuedAtMs: now }),
      millisBehindLatest,
      childShards: drained ? this.childrenOf(stream, shard) : undefined,
    };
  }

  private childrenOf(stream: LiveStream, shard: LiveShard): GetRecordsResult['childShards'] {
    const children = [...stream.shards.values()].filter(
      (s) => s.state.parentIndex === shard.state.index || s.state.adjacentParentIndex === shard.state.index,
    );
    return children.map((c) => ({
      shardId: c.id,
      parentShards: [c.state.parentIndex, c.state.adjacentParentIndex].filter((x): x is number => x !== undefined).map(shardIdOf),
      startingHashKey: BigInt('0x' + c.state.hashStart).toString(10),
      endingHashKey: BigInt('0x' + c.state.hashEnd).toString(10),
    }));
  }

  private offsetOfSequence(stream: LiveStream, shard: LiveShard, sequenceNumber: string): number {
    const p = decodeSequenceNumber(sequenceNumber);
    const where = `used in GetShardIterator on shard ${shard.id} in stream ${stream.state.name} under account ${this.options.accountId}`;
    if (!p) {
      throw new StreamsError('InvalidArgument', `StartingSequenceNumber ${sequenceNumber} ${where} is invalid.`);
    }
    if (p.shardIndex !== shard.state.index) {
      throw new StreamsError('InvalidArgument', `Invalid StartingSequenceNumber. It encodes ${shardIdOf(p.shardIndex)}, while it was used in a call to a shard with ${shard.id}`);
    }
    if (p.shardCreatedSec !== shard.sequencer.shardCreatedSec || p.offset > (shard.state.endOffset ?? shard.log.nextOffset)) {
      throw new StreamsError('InvalidArgument', `StartingSequenceNumber ${sequenceNumber} ${where} is invalid because it did not come from this stream.`);
    }
    return p.offset;
  }

  /** The first offset within the retention period. */
  private async trimHorizon(stream: LiveStream, shard: LiveShard): Promise<number> {
    const cutoff = this.clock() - stream.state.retentionHours * 3_600_000;
    const startOffset = shard.log.startOffset;
    const first = await shard.log.arrivalTimeOf(startOffset);
    if (first === undefined || first >= cutoff) return startOffset;
    return shard.log.offsetAtTime(cutoff);
  }

  // ---- retention ----------------------------------------------------------------------

  async increaseRetention(name: string, hours: number): Promise<void> {
    const stream = this.mutable(name);
    this.checkRetentionBounds(hours);
    if (hours < stream.state.retentionHours) {
      throw new StreamsError('InvalidArgument', `Requested retention period (${hours} hours) for stream ${name} can not be shorter than existing retention period (${stream.state.retentionHours} hours). Use DecreaseRetentionPeriod API.`);
    }
    stream.state.retentionHours = hours;
    await this.store.put(name, stream.state);
  }

  async decreaseRetention(name: string, hours: number): Promise<void> {
    const stream = this.mutable(name);
    this.checkRetentionBounds(hours);
    if (hours > stream.state.retentionHours) {
      throw new StreamsError('InvalidArgument', `Requested retention period (${hours} hours) for stream ${name} can not be longer than existing retention period (${stream.state.retentionHours} hours). Use IncreaseRetentionPeriod API.`);
    }
    stream.state.retentionHours = hours;
    await this.store.put(name, stream.state);
  }

  private checkRetentionBounds(hours: number): void {
    if (hours < MIN_RETENTION_HOURS) {
      throw new StreamsError('InvalidArgument', `Minimum allowed retention period is ${MIN_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too short.`);
    }
    if (hours > MAX_RETENTION_HOURS) {
      throw new StreamsError('InvalidArgument', `Maximum allowed retention period is ${MAX_RETENTION_HOURS} hours. Requested retention period (${hours} hours) is too long.`);
    }
  }

  /** Drops whole segments older than each stream's retention. */
  async enforceRetention(): Promise<void> {
    const now = this.clock();
    for (const stream of this.live.values()) {
      const cutoff = now - stream.state.retentionHours * 3_600_000;
      for (const shard of stream.shards.values()) await shard.log.trimBefore(cutoff);
    }
  }

  // ---- tags ----------------------------------------------------------------------------

  tags(name: string): Record<string, string> {
    return { ...this.find(name).state.tags };
  }

  async addTags(name: string, tags: Record<string, string>): Promise<void> {
    const stream = this.find(name);
    const merged = { ...stream.state.tags, ...tags };
    this.checkTagCount(name, Object.keys(merged).length);
    stream.state.tags = merged;
    await this.store.put(name, stream.state);
  }

  async removeTags(name: string, keys: readonly string[]): Promise<void> {
    const stream = this.find(name);
    const next = { ...stream.state.tags };
    for (const k of keys) delete next[k];
    stream.state.tags = next;
    await this.store.put(name, stream.state);
  }

  private checkTagCount(name: string, count: number): void {
    if (count > MAX_TAGS) {
      throw new StreamsError('InvalidArgument', `Failed to add tags to stream ${name} under account ${this.options.accountId} because a given stream cannot have more than ${MAX_TAGS} tags associated with it.`);
    }
  }

  // ---- resharding ----------------------------------------------------------------------

  async splitShard(name: string, shardId: string, newStartingHashKey: string): Promise<void> {
    const stream = this.reshardable(name);
    const shard = this.shardOf(stream, shardId);
    if (!shard.isOpen) {
      throw new StreamsError('InvalidArgument', `Shard ${shard.id} in stream ${name} under account ${this.options.accountId} has already been merged or split, and thus is not eligible for merging or splitting.`);
    }
    const at = /^(0|[1-9]\d{0,38})$/.test(newStartingHashKey) ? BigInt(newStartingHashKey) : -1n;
    const start = BigInt('0x' + shard.state.hashStart);
    const end = BigInt('0x' + shard.state.hashEnd);
    if (at <= start || at > end) {
      throw new StreamsError('InvalidArgument', `NewStartingHashKey ${newStartingHashKey} used in SplitShard() on shard ${shard.id} in stream ${name} under account ${this.options.accountId} is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`);
    }
    this.checkShardQuota(1);
    await this.reshard(stream, [{ kind: 'split', range: { start, end }, at }]);
  }

  async mergeShards(name: string, shardId: string, adjacentShardId: string): Promise<void> {
    const stream = this.reshardable(name);
    const a = this.shardOf(stream, shardId);
    const b = this.shardOf(stream, adjacentShardId);
    const ra = rangeOf(a.state);
    const rb = rangeOf(b.state);
    if (!a.isOpen || !b.isOpen || (ra.end + 1n !== rb.start && rb.end + 1n !== ra.start)) {
      throw new StreamsError('InvalidArgument', `Shards ${a.id} and ${b.id} in stream ${name} under account ${this.options.accountId} are not an adjacent pair of shards eligible for merging`);
    }
    // AWS names the first argument the parent and the second the adjacent parent.
    const [left, right] = ra.start < rb.start ? [ra, rb] : [rb, ra];
    await this.reshard(stream, [{ kind: 'merge', left, right }], { parent: a.state.index, adjacent: b.state.index });
  }

  async updateShardCount(name: string, target: number): Promise<{ current: number; target: number }> {
    const stream = this.reshardable(name);
    const current = stream.open.length;
    if (target < 1 || target > current * 2 || target < Math.ceil(current / 2)) {
      throw new StreamsError('LimitExceeded', `UpdateShardCount can scale a stream to between half and double its current open shard count (${current}); requested ${target}.`);
    }
    this.checkShardQuota(Math.max(0, target - current));
    if (target !== current) {
      const steps = planUniformResharding(stream.open.map((s) => rangeOf(s.state)), uniformRanges(target));
      await this.reshard(stream, steps);
    }
    return { current, target };
  }

  async updateStreamMode(name: string, mode: StreamMode): Promise<void> {
    const stream = this.mutable(name);
    if (stream.state.mode === mode) {
      throw new StreamsError('InvalidArgument', `Stream ${name} under account ${this.options.accountId} is already in ${mode} mode.`);
    }
    const now = this.clock();
    const recent = stream.state.modeChangesMs.filter((t) => t > now - 24 * 3_600_000);
    if (recent.length >= 2) {
      throw new StreamsError('LimitExceeded', `Stream ${name} under account ${this.options.accountId} can change its capacity mode at most twice in 24 hours.`);
    }
    if (mode === 'ON_DEMAND' && this.onDemandStreamCount() >= this.options.onDemandStreamLimit) {
      throw new StreamsError('LimitExceeded', `This request would exceed the limit of ${this.options.onDemandStreamLimit} on-demand streams for the account ${this.options.accountId}.`);
    }
    stream.state.mode = mode;
    stream.state.modeChangesMs = [...recent, now];
    await this.store.put(name, stream.state);
  }

  /** StartStreamEncryption / StopStreamEncryption: UPDATING while it applies, then ACTIVE (records are stored as they are either way). */
  async setEncryption(name: string, encryption: StreamState['encryption']): Promise<void> {
    const stream = this.mutable(name);
    stream.state.encryption = { ...encryption };
    await this.applyUpdate(stream);
  }

  /**
   * Enable/DisableEnhancedMonitoring: turns shard-level metrics on or off; answers the set
   * before and after the change, as AWS does.
   */
  async setShardLevelMetrics(name: string, requested: readonly string[], enable: boolean): Promise<{ current: ShardLevelMetric[]; desired: ShardLevelMetric[] }> {
    const stream = this.mutable(name);
    const change = expandShardLevelMetrics(requested);
    const current = [...(stream.state.shardLevelMetrics ?? [])];
    const desired = enable ? expandShardLevelMetrics([...current, ...change]) : current.filter((m) => !change.includes(m));
    stream.state.shardLevelMetrics = desired;
    stream.resetShardCounters();
    await this.applyUpdate(stream);
    return { current, desired };
  }

  /** UpdateMaxRecordSize: records up to 1–10 MiB (the model bounds the value). */
  async updateMaxRecordSize(name: string, kib: number): Promise<void> {
    const stream = this.mutable(name);
    stream.state.maxRecordSizeKiB = kib;
    await this.applyUpdate(stream);
  }

  /** The stream's resource policy (PutResourcePolicy), undefined when it has none. */
  resourcePolicy(name: string): string | undefined {
    return this.find(name).state.resourcePolicy;
  }

  /** Sets (or with undefined, deletes) the stream's resource policy. */
  async setResourcePolicy(name: string, policy: string | undefined): Promise<void> {
    const stream = this.find(name);
    if (policy === undefined) delete stream.state.resourcePolicy;
    else stream.state.resourcePolicy = policy;
    await this.store.put(name, stream.state);
  }

  /** A control-plane change that keeps the stream's shards: UPDATING for the transition delay, stored at once. */
  private async applyUpdate(stream: LiveStream): Promise<void> {
    if (this.options.transitionDelayMs > 0) stream.state.status = 'UPDATING';
    await this.store.put(stream.state.name, stream.state);
    this.afterTransition(stream, () => {});
  }

  /**
   * Applies split and merge steps: parents close (their end is fixed once in-flight appends
   * settle), children open, all in one durable state change.
   */
  private async reshard(stream: LiveStream, steps: ReturnType<typeof planUniformResharding>, names?: { parent: number; adjacent: number }): Promise<void> {
    const now = this.clock();
    const byRange = new Map<string, LiveShard>();
    for (const s of stream.open) byRange.set(keyOf(rangeOf(s.state)), s);
    const closing: LiveShard[] = [];
    const opened: LiveShard[] = [];
    const take = (r: HashRange): LiveShard => {
      const k = keyOf(r);
      const s = byRange.get(k)!;
      byRange.delete(k);
      s.state.closedAtMs = now;
      closing.push(s);
      return s;
    };
    const open = async (r: HashRange, parentIndex: number, adjacentParentIndex?: number) => {
      const state: ShardState = {
        index: stream.state.nextShardIndex++,
        createdAtMs: now,
        hashStart: hexOfHashKey(r.start),
        hashEnd: hexOfHashKey(r.end),
        parentIndex,
        ...(adjacentParentIndex === undefined ? {} : { adjacentParentIndex }),
      };
      const shard = new LiveShard(state, await this.logs.openShard(stream.state.uid, shardIdOf(state.index)));
      stream.state.shards.push(state);
      stream.shards.set(state.index, shard);
      byRange.set(keyOf(r), shard);
      opened.push(shard);
    };
    // UPDATING while the change is applied: a concurrent control-plane call gets ResourceInUse.
    stream.state.status = 'UPDATING';
    for (const step of steps) {
      if (step.kind === 'split') {
        const parent = take(step.range);
        await open({ start: step.range.start, end: step.at - 1n }, parent.state.index);
        await open({ start: step.at, end: step.range.end }, parent.state.index);
      } else {
        const left = take(step.left);
        const right = take(step.right);
        const parent = names ? names.parent : left.state.index;
        const adjacent = names ? names.adjacent : right.state.index;
        await open({ start: step.left.start, end: step.right.end }, parent, adjacent);
      }
    }
    stream.reindex();
    await Promise.all(closing.map((s) => s.settled()));
    for (const s of closing) s.state.endOffset = s.log.nextOffset;
    if (this.options.transitionDelayMs <= 0) stream.state.status = 'ACTIVE';
    await this.store.put(stream.state.name, stream.state);
    this.afterTransition(stream, () => {});
  }

  // ---- helpers -------------------------------------------------------------------------

  private find(name: string): LiveStream {
    const stream = this.live.get(name);
    if (!stream) throw new StreamsError('StreamNotFound', `Stream ${name} under account ${this.options.accountId} not found.`);
    return stream;
  }

  /** Writes go to ACTIVE and UPDATING streams, as on AWS. */
  private writable(name: string): LiveStream {
    const stream = this.find(name);
    if (stream.state.status !== 'ACTIVE' && stream.state.status !== 'UPDATING') {
      throw new StreamsError('StreamNotFound', `Stream ${name} under account ${this.options.accountId} not found.`);
    }
    return stream;
  }

  private readable(name: string): LiveStream {
    return this.writable(name);
  }

  private mutable(name: string): LiveStream {
    const stream = this.find(name);
    if (stream.state.status !== 'ACTIVE') {
      throw new StreamsError('StreamNotActive', `Stream ${name} under account ${this.options.accountId} not ACTIVE, instead in state ${stream.state.status}`);
    }
    return stream;
  }

  private reshardable(name: string): LiveStream {
    const stream = this.mutable(name);
    if (stream.state.mode !== 'PROVISIONED') {
      throw new StreamsError('InvalidArgument', `Stream ${name} under account ${this.options.accountId} is in ON_DEMAND mode; resharding is only possible in PROVISIONED mode.`);
    }
    return stream;
  }

  private shardOf(stream: LiveStream, shardId: string): LiveShard {
    const index = shardIndexOf(shardId);
    const shard = index === undefined ? undefined : stream.shards.get(index);
    if (!shard) {
      throw new StreamsError('ShardNotFound', `Could not find shard ${shardId} in stream ${stream.state.name} under account ${this.options.accountId}.`);
    }
    return shard;
  }

  private checkShardQuota(additional: number): void {
    let open = 0;
    for (const s of this.live.values()) open += s.open.length;
    if (open + additional > this.options.shardLimit) {
      throw new StreamsError('LimitExceeded', `This request would exceed the shard limit for the account ${this.options.accountId}. Current shard count for the account: ${open}. Limit: ${this.options.shardLimit}. Number of additional shards that would have resulted from this request: ${additional}.`);
    }
  }

  private onDemandStreamCount(): number {
    let n = 0;
    for (const s of this.live.values()) if (s.state.mode === 'ON_DEMAND') n++;
    return n;
  }

  /** With a transition delay, CREATING/UPDATING turn ACTIVE after it; without, they already are. */
  private afterTransition(stream: LiveStream, then: () => void): void {
    if (this.options.transitionDelayMs <= 0) return then();
    this.later(async () => {
      if (this.live.get(stream.state.name) !== stream) return;
      stream.state.status = 'ACTIVE';
      await this.store.put(stream.state.name, stream.state);
      then();
    });
  }

  private later(task: () => Promise<void> | void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) void Promise.resolve(task()).catch(() => {});
    }, this.options.transitionDelayMs);
    this.timers.add(t);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.live.values()].flatMap((s) => [...s.shards.values()].map((sh) => sh.settled())));
  }
}

function rangeOf(s: ShardState): HashRange {
  return { start: BigInt('0x' + s.hashStart), end: BigInt('0x' + s.hashEnd) };
}

function keyOf(r: HashRange): string {
  return `${r.start}-${r.end}`;
}

function storageMessage(error: unknown): string {
  if (error instanceof LogUnavailableError) {
    return error.reason === 'disk-full'
      ? 'The record could not be stored: the disk is full. Nothing acknowledged was lost; retry when space is free.'
      : `The record could not be stored: ${error.message}`;
  }
  return 'Internal Service Failure';
}

/** The date form Kinesis uses in iterator-expiry messages. */
function amzTime(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', 'UTC');
}
