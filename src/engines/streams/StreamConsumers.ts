import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { consumerKey, MAX_CONSUMERS_CREATING, MAX_CONSUMERS_PER_STREAM, type ConsumerState, type ConsumerView } from './Consumer.js';
import { decodeSequenceNumber, ShardSequencer } from './SequenceNumber.js';
import { pushShard, type SubscriptionEvent, type SubscriptionSource, type SubscriptionTiming } from './ShardSubscription.js';
import { shardIdOf, shardIndexOf } from './Stream.js';
import type { IteratorType, ShardLineage, StreamsEngine } from './StreamsEngine.js';
import { StreamsError } from './StreamsError.js';

export interface StreamConsumersOptions {
  readonly accountId: string;
  /** How long CREATING and DELETING last (the streams engine's transition delay); 0 makes them immediate. */
  readonly transitionDelayMs: number;
  /** Subscription timing; AWS's values by default (5 minutes, 2 MiB/s). */
  readonly subscription?: Partial<SubscriptionTiming>;
  readonly clock?: () => number;
}

export interface StartingPosition {
  readonly type: IteratorType;
  readonly sequenceNumber?: string | undefined;
  readonly timestampMs?: number | undefined;
}

/** AWS refuses a second SubscribeToShard for the same consumer and shard within 5 seconds of a successful one. */
export const RESUBSCRIBE_INTERVAL_MS = 5000;

interface ActiveSubscription {
  readonly startedAtMs: number;
  readonly takeover: AbortController;
}

/**
 * Enhanced fan-out: consumers registered on a stream (durable, in their own collection of the
 * metadata store) and their subscriptions, which push a shard's records as they arrive. Built
 * on the streams engine's public reading API; a consumer whose stream was deleted is gone.
 */
export class StreamConsumers {
  private readonly consumers = new Map<string, ConsumerState>();
  /** Last successful subscription per consumer and shard (key `<stream>/<consumer>/<shard>`). */
  private readonly subscriptions = new Map<string, ActiveSubscription>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly shutdown = new AbortController();
  private readonly clock: () => number;
  private readonly timing: SubscriptionTiming;

  private constructor(
    private readonly options: StreamConsumersOptions,
    private readonly streams: StreamsEngine,
    private readonly store: DocumentCollection<ConsumerState>,
  ) {
    this.clock = options.clock ?? Date.now;
    this.timing = {
      lifetimeMs: 5 * 60_000,
      pollMs: 200,
      heartbeatMs: 5000,
      bytesPerSecond: 2 * 1024 * 1024,
      clock: this.clock,
      ...options.subscription,
    };
  }

  /** Loads the registered consumers, finishing transitions under way and dropping those whose stream is gone. */
  static async open(options: StreamConsumersOptions, streams: StreamsEngine, store: DocumentCollection<ConsumerState>): Promise<StreamConsumers> {
    const registry = new StreamConsumers(options, streams, store);
    for (const { key, doc } of await store.list()) {
      if (doc.status === 'DELETING' || registry.streamUid(doc.streamName) !== doc.streamUid) {
        await store.delete(key);
        continue;
      }
      if (doc.status === 'CREATING') {
        doc.status = 'ACTIVE';
        await store.put(key, doc);
      }
      registry.consumers.set(key, doc);
    }
    return registry;
  }

  async register(streamName: string, consumerName: string): Promise<ConsumerView> {
    const summary = this.streams.summary(streamName);
    if (summary.status !== 'ACTIVE' && summary.status !== 'UPDATING') {
      throw new StreamsError('StreamNotActive', `Stream ${streamName} under account ${this.options.accountId} not ACTIVE, instead in state ${summary.status}`);
    }
    const uid = this.streamUid(streamName)!;
    const existing = this.ofStream(streamName);
    if (existing.some((c) => c.name === consumerName)) {
      throw new StreamsError('ConsumerInUse', `Consumer ${consumerName} under stream ${streamName} already exists for account ${this.options.accountId}.`);
    }
    if (existing.length >= MAX_CONSUMERS_PER_STREAM) {
      throw new StreamsError('LimitExceeded', `Consumer limit of ${MAX_CONSUMERS_PER_STREAM} reached for stream ${streamName} under account ${this.options.accountId}.`);
    }
    if (existing.filter((c) => c.status === 'CREATING').length >= MAX_CONSUMERS_CREATING) {
      throw new StreamsError('LimitExceeded', `At most ${MAX_CONSUMERS_CREATING} consumers can be in CREATING status at once for stream ${streamName} under account ${this.options.accountId}.`);
    }
    const delayed = this.options.transitionDelayMs > 0;
    const state: ConsumerState = { streamName, streamUid: uid, name: consumerName, createdAtMs: this.clock(), status: delayed ? 'CREATING' : 'ACTIVE' };
    const key = consumerKey(streamName, consumerName);
    await this.store.put(key, state);
    this.consumers.set(key, state);
    if (delayed) {
      this.later(async () => {
        if (this.consumers.get(key) !== state || state.status !== 'CREATING') return;
        state.status = 'ACTIVE';
        await this.store.put(key, state);
      });
    }
    return viewOf(state);
  }

  /** `createdSec` (from a consumer ARN) must match the registration the ARN was issued for. */
  describe(streamName: string, consumerName: string, createdSec?: number): ConsumerView {
    return viewOf(this.find(streamName, consumerName, createdSec));
  }

  /** The stream's consumers in registration order. */
  list(streamName: string): ConsumerView[] {
    this.streams.summary(streamName); // the stream must exist
    return this.ofStream(streamName).map(viewOf);
  }

  count(streamName: string): number {
    return this.ofStream(streamName).length;
  }

  async deregister(streamName: string, consumerName: string, createdSec?: number): Promise<void> {
    const state = this.find(streamName, consumerName, createdSec);
    if (state.status === 'DELETING') return;
    const key = consumerKey(streamName, consumerName);
    const remove = async () => {
      if (this.consumers.get(key) !== state) return;
      this.consumers.delete(key);
      await this.store.delete(key);
    };
    if (this.options.transitionDelayMs > 0) {
      state.status = 'DELETING';
      await this.store.put(key, state);
      this.later(remove);
    } else {
      await remove();
    }
  }

  /** The consumer's resource policy (PutResourcePolicy), undefined when it has none. */
  resourcePolicy(streamName: string, consumerName: string, createdSec?: number): string | undefined {
    return this.find(streamName, consumerName, createdSec).resourcePolicy;
  }

  /** Sets (or with undefined, deletes) the consumer's resource policy. */
  async setResourcePolicy(streamName: string, consumerName: string, createdSec: number | undefined, policy: string | undefined): Promise<void> {
    const state = this.find(streamName, consumerName, createdSec);
    if (policy === undefined) delete state.resourcePolicy;
    else state.resourcePolicy = policy;
    await this.store.put(consumerKey(streamName, consumerName), state);
  }

  /**
   * Starts pushing a shard to a consumer. Everything that can be refused is checked before
   * the first event (the caller still answers with a plain error then); later failures end
   * the iteration with a StreamsError.
   */
  async subscribe(
    streamName: string,
    consumerName: string,
    createdSec: number | undefined,
    shardId: string,
    start: StartingPosition,
    signal?: AbortSignal,
  ): Promise<AsyncIterable<SubscriptionEvent>> {
    const consumer = this.find(streamName, consumerName, createdSec);
    if (consumer.status !== 'ACTIVE') {
      throw new StreamsError('ConsumerInUse', `Consumer ${consumerName} of stream ${streamName} under account ${this.options.accountId} is not ACTIVE, instead in state ${consumer.status}.`);
    }
    const lineage = this.streams.shardLineage(streamName);
    const index = shardIndexOf(shardId);
    const shard = index === undefined ? undefined : lineage.shards.find((s) => s.shardId === shardIdOf(index));
    if (index === undefined || !shard) {
      throw new StreamsError('ShardNotFound', `Could not find shard ${shardId} in stream ${streamName} under account ${this.options.accountId}.`);
    }
    const sequencer = new ShardSequencer(Math.floor(shard.createdAtMs / 1000), index);
    const beforeFirst = (BigInt(sequencer.sequenceOf(0)) - 1n).toString();
    const fromOffset = await this.startOffset(streamName, shard, index, sequencer, beforeFirst, start);

    const key = `${consumerKey(streamName, consumerName)}/${shard.shardId}`;
    const now = this.clock();
    this.pruneSubscriptions(now);
    const previous = this.subscriptions.get(key);
    if (previous && now - previous.startedAtMs < RESUBSCRIBE_INTERVAL_MS) {
      throw new StreamsError('ConsumerInUse', `Another active subscription exists for consumer ${consumerKeyArn(consumer)} on shard ${shard.shardId}; a new subscription may start ${RESUBSCRIBE_INTERVAL_MS / 1000} seconds after the previous one.`);
    }
    previous?.takeover.abort();
    const mine: ActiveSubscription = { startedAtMs: now, takeover: new AbortController() };
    this.subscriptions.set(key, mine);

    const stop = AbortSignal.any([mine.takeover.signal, this.shutdown.signal, ...(signal ? [signal] : [])]);
    const source: SubscriptionSource = {
      read: (from, limits) => this.streams.readShard(streamName, shard.shardId, from, limits),
      check: () => {
        const current = this.consumers.get(consumerKey(streamName, consumerName));
        if (current !== consumer || this.streamUid(streamName) !== consumer.streamUid) {
          throw new StreamsError('ConsumerNotFound', `Consumer ${consumerName} of stream ${streamName} under account ${this.options.accountId} not found.`);
        }
      },
      childShards: () =>
        this.streams
          .shards(streamName)
          .filter((s) => s.parentShardId === shard.shardId || s.adjacentParentShardId === shard.shardId)
          .map((s) => ({
            shardId: s.shardId,
            parentShards: [s.parentShardId, s.adjacentParentShardId].filter((x): x is string => x !== undefined),
            startingHashKey: s.startingHashKey,
            endingHashKey: s.endingHashKey,
          })),
      continuationOf: (offset) => (offset > 0 ? sequencer.sequenceOf(offset - 1) : beforeFirst),
    };
    const timing = this.timing;
    const takeover = mine.takeover.signal;
    const id = `${consumerKeyArn(consumer)} on shard ${shard.shardId}`;
    return (async function* () {
      yield* pushShard(source, fromOffset, timing, stop);
      if (takeover.aborted) {
        throw new StreamsError('ConsumerInUse', `A newer subscription took over ${id}.`);
      }
    })();
  }

  /** Ends every subscription (their streams end cleanly) and cancels pending transitions. */
  async close(): Promise<void> {
    this.shutdown.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  // ---- helpers -------------------------------------------------------------------------

  private async startOffset(streamName: string, shard: ShardLineage, index: number, sequencer: ShardSequencer, beforeFirst: string, start: StartingPosition): Promise<number> {
    switch (start.type) {
      case 'TRIM_HORIZON':
        return 0; // reads clamp to the retention horizon
      case 'LATEST':
        return (await this.streams.readShard(streamName, shard.shardId, 0, { maxRecords: 0, maxBytes: 0 })).latestOffset;
      case 'AT_TIMESTAMP': {
        if (start.timestampMs === undefined) {
          throw new StreamsError('InvalidArgument', 'StartingPosition of type AT_TIMESTAMP requires a Timestamp.');
        }
        const now = this.clock();
        if (start.timestampMs > now) {
          throw new StreamsError('InvalidArgument', `The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: ${start.timestampMs}, currentTimestampInMillis: ${now}`);
        }
        return this.streams.shardOffsetAt(streamName, shard.shardId, start.timestampMs);
      }
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        const seq = start.sequenceNumber;
        if (seq === undefined) throw new StreamsError('InvalidArgument', `StartingPosition of type ${start.type} requires a SequenceNumber.`);
        // The continuation number of a shard nothing was read from yet sits just before record 0.
        if (seq === beforeFirst) return 0;
        const p = decodeSequenceNumber(seq);
        const where = `used in SubscribeToShard on shard ${shard.shardId} in stream ${streamName} under account ${this.options.accountId}`;
        if (!p || p.shardIndex !== index || p.shardCreatedSec !== sequencer.shardCreatedSec) {
          throw new StreamsError('InvalidArgument', `StartingSequenceNumber ${seq} ${where} is invalid because it did not come from this shard.`);
        }
        const latest = (await this.streams.readShard(streamName, shard.shardId, 0, { maxRecords: 0, maxBytes: 0 })).latestOffset;
        if (p.offset > latest) throw new StreamsError('InvalidArgument', `StartingSequenceNumber ${seq} ${where} is invalid.`);
        return start.type === 'AT_SEQUENCE_NUMBER' ? p.offset : p.offset + 1;
      }
      default:
        throw new StreamsError('InvalidArgument', `Invalid StartingPosition type ${String(start.type)}.`);
    }
  }

  private find(streamName: string, consumerName: string, createdSec?: number): ConsumerState {
    const uid = this.streamUid(streamName);
    const c = this.consumers.get(consumerKey(streamName, consumerName));
    if (!c || c.streamUid !== uid || (createdSec !== undefined && Math.floor(c.createdAtMs / 1000) !== createdSec)) {
      throw new StreamsError('ConsumerNotFound', `Consumer ${consumerName} of stream ${streamName} under account ${this.options.accountId} not found.`);
    }
    return c;
  }

  /** Consumers of the stream as it exists now (not those of a deleted stream of the same name). */
  private ofStream(streamName: string): ConsumerState[] {
    const uid = this.streamUid(streamName);
    const out: ConsumerState[] = [];
    for (const c of this.consumers.values()) if (c.streamName === streamName && c.streamUid === uid) out.push(c);
    return out.sort((a, b) => a.createdAtMs - b.createdAtMs || (a.name < b.name ? -1 : 1));
  }

  /** The stream's storage id, undefined when it does not exist (or is being created or deleted). */
  private streamUid(streamName: string): string | undefined {
    try {
      return this.streams.shardLineage(streamName).streamUid;
    } catch (e) {
      if (e instanceof StreamsError && e.kind === 'StreamNotFound') return undefined;
      throw e;
    }
  }

  private pruneSubscriptions(now: number): void {
    for (const [k, s] of this.subscriptions) {
      if (now - s.startedAtMs > this.timing.lifetimeMs + RESUBSCRIBE_INTERVAL_MS) this.subscriptions.delete(k);
    }
  }

  private later(task: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void task().catch(() => {});
    }, this.options.transitionDelayMs);
    this.timers.add(t);
  }
}

function viewOf(c: ConsumerState): ConsumerView {
  return { streamName: c.streamName, name: c.name, createdAtMs: c.createdAtMs, status: c.status };
}

function consumerKeyArn(c: ConsumerState): string {
  return `${c.name} of stream ${c.streamName}`;
}
