import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { noMetrics, type MetricsRecorder } from '../metrics/Metric.js';
import { LogUnavailableError, type ShardLog, type StreamLogStore } from '../streams/ports.js';
import { DeliveryCounters } from './DeliveryCounters.js';
import { DeliveryError } from './DeliveryError.js';
import { compilePlan, deliveryStreamArn } from './model/compilePlan.js';
import type { DeliveryPlan } from './model/DeliveryPlan.js';
import {
  DESTINATION_ID,
  type DeliveryStreamDefinition,
  type DeliveryStreamState,
  type S3DestinationDefinition,
} from './model/DeliveryStreamDefinition.js';
import { JqKeyExtractor, PartitionKeyError } from './partition/index.js';
import { MemoryBudget } from './pipeline/MemoryBudget.js';
import type { DeliveryErrorSink, DeliveryLake, DeliveryLog, KinesisShardSource, TableSource, TransformFunctions } from './ports.js';
import { DeliveryProgress, type ProgressDoc } from './runner/DeliveryProgress.js';
import { DEFAULT_TUNING, DeliveryRunner, type FlushStep, type RunnerStatus, type RunnerTuning } from './runner/DeliveryRunner.js';
import type { DeliverySource } from './source/DeliverySource.js';
import { DirectPutSource, DIRECT_SHARD } from './source/DirectPutSource.js';
import { KinesisStreamSource } from './source/KinesisStreamSource.js';

/** PutRecordBatch takes at most 4 MiB of record data per call. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_TAGS = 50;
/** How long UpdateDestination waits for the old configuration to deliver what was read. */
const UPDATE_DRAIN_MS = 60_000;
const DEFAULT_MAX_STREAMS = 500;
/** Record bytes all buffers may hold; with object overhead and conversion this keeps the server within ~400 MB. */
const DEFAULT_MEMORY_BUDGET = 64 * 1024 * 1024;

export interface DeliveryEngineOptions {
  readonly region: string;
  readonly accountId: string;
  /** Files being built (Parquet) live here; emptied at start. Inside the data directory. */
  readonly scratchDir: string;
  readonly metrics?: MetricsRecorder;
  readonly logger: DeliveryLog;
  /** Bytes all delivery buffers may hold together (default 64 MiB). */
  readonly memoryBudgetBytes?: number;
  readonly maxDeliveryStreams?: number;
  readonly activePartitionLimit?: number;
  readonly backlogLimitRecords?: number;
  readonly tuning?: Partial<RunnerTuning>;
  readonly clock?: () => number;
  /** Crash-test hook (see crashChild.ts). */
  readonly onStep?: (step: FlushStep, key?: string) => void;
  /** Told about every delivery error (error output, failed writes). */
  readonly onDeliveryError?: DeliveryErrorSink;
}

export interface DeliveryEngineDeps {
  readonly streams: DocumentCollection<DeliveryStreamState>;
  readonly progress: DocumentCollection<ProgressDoc>;
  readonly logs: StreamLogStore;
  readonly lake: DeliveryLake;
  readonly functions?: TransformFunctions;
  readonly tables: TableSource;
  readonly kinesis?: KinesisShardSource;
}

export type PutResult = { readonly ok: true; readonly recordId: string } | { readonly ok: false; readonly kind: 'Unavailable' | 'StorageFailed'; readonly message: string };

/** A delivery stream in memory: its state, compiled plan, log and runner. */
interface LiveStream {
  state: DeliveryStreamState;
  plan: DeliveryPlan;
  jq: JqKeyExtractor | undefined;
  readonly counters: DeliveryCounters;
  readonly log: ShardLog | undefined;
  runner: DeliveryRunner | undefined;
  /** The runner's source (its positions tell the backlog). */
  source: DeliverySource | undefined;
  /** Serialises control-plane changes (update, delete) with runner restarts. */
  busy: Promise<void>;
  restartTimer?: NodeJS.Timeout | undefined;
}

export interface DeliveryStreamStatusView extends Partial<RunnerStatus> {
  readonly name: string;
  readonly status: DeliveryStreamState['status'];
  readonly version: number;
  readonly source: string;
  readonly metrics: Record<string, number>;
}

/**
 * Firehose delivery streams in domain terms: their definitions (validated by Firehose's
 * rules, kept in the metadata store), DirectPut ingestion (durable in the stream's own log
 * before answering, with a backlog bound), and one DeliveryRunner per stream that moves
 * records into the lake exactly once.
 */
export class DeliveryEngine {
  private readonly live = new Map<string, LiveStream>();
  private readonly budget: MemoryBudget;
  private readonly tuning: RunnerTuning;
  private readonly metrics: MetricsRecorder;
  private readonly clock: () => number;
  private duckdb: Promise<DuckDBInstance> | undefined;
  private closed = false;

  private constructor(
    private readonly options: DeliveryEngineOptions,
    private readonly deps: DeliveryEngineDeps,
  ) {
    this.budget = new MemoryBudget(options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET);
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.metrics = options.metrics ?? noMetrics;
    this.clock = options.clock ?? Date.now;
  }

  /** Opens the engine and resumes every stored delivery stream where it left off. */
  static async open(options: DeliveryEngineOptions, deps: DeliveryEngineDeps): Promise<DeliveryEngine> {
    await rm(options.scratchDir, { recursive: true, force: true });
    await mkdir(options.scratchDir, { recursive: true });
    const engine = new DeliveryEngine(options, deps);
    for (const { doc } of await deps.streams.list()) {
      if (doc.status === 'DELETING') {
        await engine.purge(doc);
        continue;
      }
      try {
        await engine.bringUp(doc);
      } catch (e) {
        options.logger.error('delivery: a stored delivery stream cannot run', { deliveryStream: doc.name, error: (e as Error).message });
      }
    }
    return engine;
  }

  // ---- control plane ------------------------------------------------------------------

  async create(definition: DeliveryStreamDefinition): Promise<string> {
    this.assertOpen();
    if (this.live.has(definition.name)) {
      throw new DeliveryError('InUse', `Firehose stream ${definition.name} under account ${this.options.accountId} already exists.`);
    }
    if (this.live.size >= (this.options.maxDeliveryStreams ?? DEFAULT_MAX_STREAMS)) {
      throw new DeliveryError('LimitExceeded', `You have already reached the limit of ${this.options.maxDeliveryStreams ?? DEFAULT_MAX_STREAMS} Firehose streams for account ${this.options.accountId}.`);
    }
    const tags = { ...definition.tags };
    if (Object.keys(tags).length > MAX_TAGS) throw new DeliveryError('LimitExceeded', `A Firehose stream can have at most ${MAX_TAGS} tags.`);
    if (definition.source.kind === 'kinesis') this.checkKinesisSource(definition.source.streamName);
    const now = this.clock();
    const state: DeliveryStreamState = {
      name: definition.name,
      uid: randomBytes(8).toString('hex'),
      createdAtMs: now,
      updatedAtMs: now,
      status: 'ACTIVE',
      version: 1,
      source: definition.source,
      destination: definition.destination,
      tags,
      ...(definition.backlogLimitRecords !== undefined ? { backlogLimitRecords: definition.backlogLimitRecords } : {}),
    };
    await this.compile(state); // validates before anything is stored
    await this.deps.streams.put(state.name, state);
    await this.bringUp(state);
    return deliveryStreamArn(this.options, state.name);
  }

  async delete(name: string): Promise<void> {
    const stream = this.find(name);
    if (stream.state.status === 'DELETING') return;
    stream.state.status = 'DELETING';
    await this.deps.streams.put(name, stream.state);
    await this.serial(stream, async () => {
      clearTimeout(stream.restartTimer);
      const runner = stream.runner;
      stream.runner = undefined;
      await runner?.stop('now');
      this.live.delete(name);
      await this.purge(stream.state);
    });
  }

  /**
   * UpdateDestination: the change applies to records read after it. Everything read before
   * is delivered under the old configuration first (the runner drains), then the version
   * goes up and a runner with the new plan starts.
   */
  async updateDestination(
    name: string,
    currentVersion: string,
    destinationId: string,
    update: (current: S3DestinationDefinition) => S3DestinationDefinition,
  ): Promise<void> {
    const stream = this.find(name);
    if (stream.state.status !== 'ACTIVE') {
      throw new DeliveryError('InUse', `Firehose stream ${name} under account ${this.options.accountId} is not ACTIVE.`);
    }
    if (destinationId !== DESTINATION_ID) {
      throw new DeliveryError('InvalidArgument', `Destination ${destinationId} not found for Firehose stream ${name}.`);
    }
    if (currentVersion !== String(stream.state.version)) {
      throw new DeliveryError(
        'ConcurrentModification',
        `Cannot update Firehose stream ${name}: the current version is ${stream.state.version}, not ${currentVersion}.`,
      );
    }
    const before = stream.state.destination;
    const after = update(before);
    if ((before.dynamicPartitioning?.enabled ?? false) !== (after.dynamicPartitioning?.enabled ?? false)) {
      throw new DeliveryError('InvalidArgument', 'Dynamic partitioning can only be set when the Firehose stream is created; it cannot be turned on or off by an update.');
    }
    if (before.backupMode === 'Enabled' && after.backupMode !== 'Enabled') {
      throw new DeliveryError('InvalidArgument', 'S3BackupMode cannot be disabled once it is enabled.');
    }
    const next: DeliveryStreamState = { ...stream.state, destination: after, version: stream.state.version + 1, updatedAtMs: this.clock() };
    const compiled = await this.compile(next);
    await this.serial(stream, async () => {
      if (stream.state.version !== next.version - 1) {
        throw new DeliveryError('ConcurrentModification', `Cannot update Firehose stream ${name}: it was updated meanwhile (version ${stream.state.version}).`);
      }
      const runner = stream.runner;
      if (runner) {
        // A source that cannot be read (its Kinesis stream deleted) would never drain.
        const giveUp = setTimeout(() => {
          this.options.logger.warn('delivery: the update could not deliver everything under the old configuration; the rest is delivered under the new one', { deliveryStream: name });
          void runner.stop('now');
        }, UPDATE_DRAIN_MS);
        await runner.stop('drain');
        clearTimeout(giveUp);
      }
      stream.runner = undefined;
      stream.state = next;
      stream.plan = compiled.plan;
      stream.jq = compiled.jq;
      await this.deps.streams.put(name, next);
      await this.startRunner(stream);
    });
  }

  describe(name: string): DeliveryStreamState {
    return structuredClone(this.find(name).state);
  }

  list(filter: { type?: 'DirectPut' | 'KinesisStreamAsSource' | undefined; exclusiveStartName?: string | undefined; limit?: number | undefined }): { names: string[]; hasMore: boolean } {
    const all = [...this.live.values()]
      .filter((s) => filter.type === undefined || (filter.type === 'DirectPut') === (s.state.source.kind === 'direct'))
      .map((s) => s.state.name)
      .sort()
      .filter((n) => filter.exclusiveStartName === undefined || n > filter.exclusiveStartName);
    const limit = filter.limit ?? 10;
    return { names: all.slice(0, limit), hasMore: all.length > limit };
  }

  tags(name: string): Record<string, string> {
    return { ...this.find(name).state.tags };
  }

  async tag(name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const stream = this.find(name);
    const merged = { ...stream.state.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) {
      throw new DeliveryError('LimitExceeded', `Firehose stream ${name} would have more than ${MAX_TAGS} tags.`);
    }
    stream.state.tags = merged;
    await this.deps.streams.put(name, stream.state);
  }

  async untag(name: string, keys: readonly string[]): Promise<void> {
    const stream = this.find(name);
    const next = { ...stream.state.tags };
    for (const k of keys) delete next[k];
    stream.state.tags = next;
    await this.deps.streams.put(name, stream.state);
  }

  /** StartDeliveryStreamEncryption / StopDeliveryStreamEncryption: kept and shown (the disk is the data's business). */
  async setEncryption(name: string, encryption: DeliveryStreamState['encryption']): Promise<void> {
    const stream = this.find(name);
    if (stream.state.source.kind !== 'direct') {
      throw new DeliveryError('InvalidArgument', `Server-side encryption is only for DirectPut Firehose streams; ${name} reads a Kinesis stream.`);
    }
    stream.state.encryption = encryption;
    await this.deps.streams.put(name, stream.state);
  }

  // ---- data plane ---------------------------------------------------------------------

  /**
   * PutRecord/PutRecordBatch: the records are in the stream's log, fsync'd, when this
   * resolves. Records past the backlog bound, or that the log cannot take, fail one by one.
   */
  async put(name: string, records: readonly Uint8Array[], operation: 'PutRecord' | 'PutRecordBatch'): Promise<PutResult[]> {
    const started = performance.now();
    const stream = this.find(name);
    if (stream.state.status !== 'ACTIVE' || !stream.log) {
      if (stream.state.source.kind === 'kinesis') {
        throw new DeliveryError('InvalidArgument', `This operation is not permitted on KinesisStreamAsSource Firehose stream ${name}.`);
      }
      throw new DeliveryError('NotFound', `Firehose stream ${name} under account ${this.options.accountId} not found.`);
    }
    let bytes = 0;
    for (const r of records) bytes += r.length;
    if (bytes > MAX_BATCH_BYTES) {
      throw new DeliveryError('InvalidArgument', `Records size ${bytes} bytes exceeds the limit of ${MAX_BATCH_BYTES} bytes per request.`);
    }
    const c = stream.counters;
    const room = Math.max(0, stream.plan.backlogLimitRecords - (stream.source?.backlog() ?? 0));
    const accepted = records.length <= room ? records : records.slice(0, room);
    const results = new Array<PutResult>(records.length);
    if (accepted.length > 0) {
      try {
        const base = await stream.log.append(
          accepted.map((data) => ({ partitionKey: '', data })),
          this.clock(),
        );
        for (let i = 0; i < accepted.length; i++) results[i] = { ok: true, recordId: recordIdOf(stream.state.uid, base + i) };
      } catch (e) {
        const message =
          e instanceof LogUnavailableError && e.reason === 'disk-full'
            ? 'The record could not be stored: the disk is full. Nothing acknowledged was lost; retry when space is free.'
            : 'The record could not be stored; retry.';
        for (let i = 0; i < accepted.length; i++) results[i] = { ok: false, kind: 'StorageFailed', message };
      }
      stream.runner?.wake();
    }
    let throttled = 0;
    for (let i = accepted.length; i < records.length; i++) {
      throttled++;
      results[i] = { ok: false, kind: 'Unavailable', message: `Slow down: Firehose stream ${name} has more than ${stream.plan.backlogLimitRecords} records waiting for delivery.` };
    }
    let okCount = 0;
    let okBytes = 0;
    for (let i = 0; i < results.length; i++) {
      if (results[i]!.ok) {
        okCount++;
        okBytes += records[i]!.length;
      }
    }
    c.add('incomingRecords', okCount);
    c.add('incomingBytes', okBytes);
    c.add('incomingPutRequests', 1);
    if (throttled > 0) c.add('throttledRecords', throttled);
    const latency = performance.now() - started;
    if (operation === 'PutRecord') {
      c.add('putRecordRequests', 1);
      c.add('putRecordBytes', bytes);
      c.add('putRecordLatency', latency);
    } else {
      c.add('putRecordBatchRequests', 1);
      c.add('putRecordBatchRecords', records.length);
      c.add('putRecordBatchBytes', bytes);
      c.add('putRecordBatchLatency', latency);
    }
    return results;
  }

  // ---- status ---------------------------------------------------------------------------

  status(): DeliveryStreamStatusView[] {
    return [...this.live.values()]
      .sort((a, b) => (a.state.name < b.state.name ? -1 : 1))
      .map((s) => ({
        name: s.state.name,
        status: s.state.status,
        version: s.state.version,
        source: s.state.source.kind === 'direct' ? 'DirectPut' : `KinesisStreamAsSource:${s.state.source.streamName}`,
        ...(s.runner?.status() ?? {}),
        metrics: s.counters.snapshot(),
      }));
  }

  /** Waits until every delivery stream has delivered all it holds (tests and tools; not a stop). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const busy = this.status().some((s) => s.state !== 'running' || (s.backlogRecords ?? 0) > 0 || (s.inFlightRecords ?? 0) > 0 || (s.bufferedRecords ?? 0) > 0 || s.flushing || s.replaying);
      if (!busy) return;
      if (Date.now() > deadline) throw new Error('delivery did not become idle in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Stops every runner. With `drainMs` > 0, buffered records are delivered first for up to
   * that long; what is left is delivered at the next start (nothing is lost either way).
   */
  async close(drainMs = 0): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const streams = [...this.live.values()];
    for (const s of streams) clearTimeout(s.restartTimer);
    await Promise.all(
      streams.map(async (s) => {
        const runner = s.runner;
        if (!runner) return;
        if (drainMs > 0) {
          const timer = setTimeout(() => void runner.stop('now'), drainMs);
          await runner.stop('drain');
          clearTimeout(timer);
        }
        await runner.stop('now');
      }),
    );
    const db = await this.duckdb?.catch(() => undefined);
    db?.closeSync();
  }

  // ---- internals ------------------------------------------------------------------------

  private find(name: string): LiveStream {
    const stream = this.live.get(name);
    if (!stream) throw new DeliveryError('NotFound', `Firehose stream ${name} under account ${this.options.accountId} not found.`);
    return stream;
  }

  private assertOpen(): void {
    if (this.closed) throw new DeliveryError('Unavailable', 'Lakehose is shutting down.');
  }

  private checkKinesisSource(streamName: string): void {
    if (!this.deps.kinesis) throw new DeliveryError('InvalidArgument', 'Kinesis streams are not available in this Lakehose.');
    try {
      this.deps.kinesis.shardLineage(streamName);
    } catch {
      throw new DeliveryError('InvalidArgument', `Kinesis stream ${streamName} under account ${this.options.accountId} not found.`);
    }
  }

  private async compile(state: DeliveryStreamState): Promise<{ plan: DeliveryPlan; jq: JqKeyExtractor | undefined }> {
    const plan = compilePlan(state, {
      region: this.options.region,
      accountId: this.options.accountId,
      ...(this.options.activePartitionLimit !== undefined ? { activePartitionLimit: this.options.activePartitionLimit } : {}),
      ...(this.options.backlogLimitRecords !== undefined ? { backlogLimitRecords: this.options.backlogLimitRecords } : {}),
    });
    let jq: JqKeyExtractor | undefined;
    if (plan.processing.jqQuery !== undefined) {
      try {
        jq = await JqKeyExtractor.create(plan.processing.jqQuery);
      } catch (e) {
        if (e instanceof PartitionKeyError) throw new DeliveryError('InvalidArgument', e.message);
        throw e;
      }
    }
    return { plan, jq };
  }

  private async bringUp(state: DeliveryStreamState): Promise<void> {
    const { plan, jq } = await this.compile(state);
    const log = state.source.kind === 'direct' ? await this.deps.logs.openShard(logIdOf(state.uid), DIRECT_SHARD) : undefined;
    const stream: LiveStream = {
      state,
      plan,
      jq,
      counters: new DeliveryCounters(this.metrics, state.name),
      log,
      runner: undefined,
      source: undefined,
      busy: Promise.resolve(),
    };
    this.live.set(state.name, stream);
    await this.startRunner(stream);
  }

  private async startRunner(stream: LiveStream): Promise<void> {
    if (this.closed || this.live.get(stream.state.name) !== stream) return;
    const { plan } = stream;
    let source: DeliverySource;
    if (plan.source.kind === 'direct') {
      source = new DirectPutSource(stream.log!, stream.state.uid);
    } else {
      if (!this.deps.kinesis) throw new Error('no Kinesis streams engine');
      source = new KinesisStreamSource(this.deps.kinesis, plan.source.streamName, plan.createdAtMs, stream.counters, this.options.logger, plan.streamName);
    }
    const progress = await DeliveryProgress.load(this.deps.progress, stream.state.uid, source.sourceUid);
    const runner = new DeliveryRunner({
      plan,
      source,
      progress,
      lake: this.deps.lake,
      functions: this.deps.functions,
      tables: this.deps.tables,
      jq: stream.jq,
      counters: stream.counters,
      logger: this.options.logger,
      budget: this.budget,
      duckdb: () => this.sharedDuckDb(),
      scratchDir: this.options.scratchDir,
      tuning: this.tuning,
      clock: this.clock,
      ...(this.options.onStep ? { onStep: this.options.onStep } : {}),
      ...(this.options.onDeliveryError ? { onDeliveryError: this.options.onDeliveryError } : {}),
    });
    stream.runner = runner;
    stream.source = source;
    runner.finished.catch((e: unknown) => {
      // A runner that failed unexpectedly is replaced after a pause; it resumes from the saved progress.
      this.options.logger.error('delivery: the delivery runner failed; restarting it', {
        deliveryStream: stream.state.name,
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
      if (stream.runner !== runner) return;
      stream.runner = undefined;
      stream.restartTimer = setTimeout(() => {
        void this.serial(stream, () => this.startRunner(stream)).catch(() => {});
      }, this.tuning.retry.baseMs);
    });
  }

  private serial(stream: LiveStream, task: () => Promise<void>): Promise<void> {
    const next = stream.busy.then(task);
    stream.busy = next.catch(() => {});
    return next;
  }

  private sharedDuckDb(): Promise<DuckDBInstance> {
    // Bounded: conversion streams NDJSON into Parquet and needs little of DuckDB's buffer pool.
    this.duckdb ??= DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: '256MB',
      threads: '1',
    });
    return this.duckdb;
  }

  private async purge(state: DeliveryStreamState): Promise<void> {
    if (state.source.kind === 'direct') await this.deps.logs.deleteStream(logIdOf(state.uid));
    await this.deps.progress.delete(state.uid);
    await this.deps.streams.delete(state.name);
  }
}

/** The stream-log id of a DirectPut stream's own log. */
export function logIdOf(uid: string): string {
  return `firehose-${uid}`;
}

const recordIdPrefixes = new Map<string, Buffer>();

/** PutRecord's RecordId: opaque to callers, unique per stored record (stream uid and log offset). */
function recordIdOf(uid: string, offset: number): string {
  let b = recordIdPrefixes.get(uid);
  if (!b) {
    recordIdPrefixes.set(uid, (b = Buffer.alloc(16)));
    b.write(uid, 0, 8, 'hex');
  }
  b.writeUInt32BE(Math.floor(offset / 0x1_0000_0000), 8);
  b.writeUInt32BE(offset >>> 0, 12);
  return b.toString('base64');
}
