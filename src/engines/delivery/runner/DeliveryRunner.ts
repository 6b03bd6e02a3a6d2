import { rm } from 'node:fs/promises';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { DeliveryCounters } from '../DeliveryCounters.js';
import { appendNewline, isKplAggregated } from '../deaggregation/index.js';
import type { DeliveryPlan } from '../model/DeliveryPlan.js';
import type { JqKeyExtractor } from '../partition/index.js';
import { Aborted, Backoff, type BackoffOptions } from '../pipeline/Backoff.js';
import { BatchingPolicy } from '../pipeline/BatchingPolicy.js';
import { processingErrorLine } from '../pipeline/errorRecords.js';
import { LambdaBatcher } from '../pipeline/LambdaBatcher.js';
import { LambdaTransform } from '../pipeline/LambdaTransform.js';
import type { MemoryBudget } from '../pipeline/MemoryBudget.js';
import { ObjectBuilder } from '../pipeline/ObjectBuilder.js';
import { ParquetSpool } from '../pipeline/ParquetSpool.js';
import { ObjectWriter } from '../pipeline/ObjectWriter.js';
import { BACKUP_PARTITION_ID, dataPartitionId, errorPartitionId, PartitionBuffer, type PartitionKind } from '../pipeline/PartitionBuffer.js';
import { Partitioner } from '../pipeline/Partitioner.js';
import { preprocess } from '../pipeline/preprocess.js';
import type { BufferedRecord, ChunkRecord, RecordFailure, SourceChunk, SourceRecord, TransformOutcome, Unit } from '../pipeline/records.js';
import type { DeliveryErrorSink, DeliveryLake, DeliveryLog, TableSource, TransformFunctions } from '../ports.js';
import type { DeliverySource } from '../source/DeliverySource.js';
import type { DeliveryProgress, PendingFlush } from './DeliveryProgress.js';
import { Semaphore } from './Semaphore.js';

export interface RunnerTuning {
  /** Records and bytes per source read. */
  readonly readMaxRecords: number;
  readonly readMaxBytes: number;
  /** Records read but not yet in a buffer (in deaggregation, a transform or jq) before reading pauses. */
  readonly maxInFlightRecords: number;
  /** How often sources without a wake-up signal (Kinesis) are polled when idle. */
  readonly pollMs: number;
  /** Retries of lake writes, object building and invocations. */
  readonly retry: BackoffOptions;
  readonly maxConcurrentWrites: number;
  readonly maxConcurrentInvocations: number;
}

export const DEFAULT_TUNING: RunnerTuning = {
  readMaxRecords: 10_000,
  readMaxBytes: 8 * 1024 * 1024,
  maxInFlightRecords: 50_000,
  pollMs: 200,
  retry: { baseMs: 1000, maxMs: 30_000 },
  maxConcurrentWrites: 4,
  maxConcurrentInvocations: 4,
};

export interface RunnerDeps {
  readonly plan: DeliveryPlan;
  readonly source: DeliverySource;
  readonly progress: DeliveryProgress;
  readonly lake: DeliveryLake;
  readonly functions: TransformFunctions | undefined;
  readonly tables: TableSource;
  readonly jq: JqKeyExtractor | undefined;
  readonly counters: DeliveryCounters;
  readonly logger: DeliveryLog;
  readonly budget: MemoryBudget;
  readonly duckdb: () => Promise<DuckDBInstance>;
  readonly scratchDir: string;
  readonly tuning: RunnerTuning;
  readonly clock?: () => number;
  /** Crash-test hook: called at each step of a flush (a test child kills itself there). */
  readonly onStep?: (step: FlushStep, key?: string) => void;
  /** Told about records sent to the error output and failed writes. */
  readonly onDeliveryError?: DeliveryErrorSink;
}

/** Named moments of a flush, for crash tests. */
export type FlushStep = 'intent-saved' | 'object-written' | 'committed';

const PLAIN_PARTITION: PartitionKind = { kind: 'data' };

/** A flush intent replayed after a restart: its records are gathered again into an object with the same identity. */
interface Replay {
  readonly pending: PendingFlush;
  buffer: PartitionBuffer | undefined;
}

export interface RunnerStatus {
  readonly state: 'starting' | 'running' | 'draining' | 'stopped';
  readonly backlogRecords: number;
  readonly inFlightRecords: number;
  readonly bufferedRecords: number;
  readonly bufferedBytes: number;
  readonly activePartitions: number;
  readonly flushing: boolean;
  readonly replaying: boolean;
  readonly dataFreshnessSeconds: number;
  readonly checkpoints: Readonly<Record<string, number>>;
}

/**
 * One delivery stream at work: read → pre-process (decompress, de-aggregate) → transform
 * (Lambda, in its own batches, results applied in source order) → partition (jq and/or
 * Lambda keys, error partitions, the active-partition limit) → buffer per partition →
 * flush (build objects, write them atomically with retries) → save progress.
 *
 * Exactly once (docs/design/delivery.md): a flush first saves its intent (each object's
 * partition, identity and source ranges), then writes the objects, then in one save moves
 * the partitions' watermarks and the source checkpoints and clears the intent. After a
 * crash, reading resumes at the checkpoints; records at or below their partition's
 * watermark are skipped, and records inside a saved intent's ranges are gathered into an
 * object with the intent's identity — the same key, so the object is replaced, not copied.
 * Flushes run one at a time, so at most one intent is ever open.
 */
export class DeliveryRunner {
  private readonly clock: () => number;
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly cyclePartitions = new Set<string>();
  /** Per shard: every record below this offset has been applied (buffered, dropped or delivered). */
  private readonly applied = new Map<string, number>();
  private replays: Map<string, Replay> | undefined;
  private readonly batcher: LambdaBatcher | undefined;
  private readonly transform: LambdaTransform | undefined;
  private readonly partitioner: Partitioner;
  /** No stage splits, transforms or partitions records: they can go straight to the buffer. */
  private readonly plain: boolean;
  private readonly policy: BatchingPolicy;
  private readonly builder: ObjectBuilder;
  private readonly writer: ObjectWriter;
  private readonly backoff: Backoff;
  private readonly invocations: Semaphore;
  private chain: Promise<void> = Promise.resolve();
  private chainLength = 0;
  private inFlight = 0;
  private bufferedBytes = 0;
  private cycle: Promise<void> | undefined;
  private mode: 'run' | 'drain' | 'now' = 'run';
  private state: RunnerStatus['state'] = 'starting';
  private drainTargets: ReadonlyMap<string, number> | undefined;
  private wakeUp: (() => void) | undefined;
  private fatal: unknown;
  private freshnessAtMs = 0;
  private lastFreshness = 0;
  private readonly done: Promise<void>;

  constructor(private readonly deps: RunnerDeps) {
    const { plan } = deps;
    this.clock = deps.clock ?? Date.now;
    this.backoff = new Backoff(deps.tuning.retry, () => this.mode === 'now');
    this.invocations = new Semaphore(deps.tuning.maxConcurrentInvocations);
    const lambda = plan.processing.lambda;
    if (lambda) {
      this.transform = new LambdaTransform(
        lambda,
        deps.functions,
        {
          deliveryStreamArn: plan.streamArn,
          region: plan.region,
          ...(plan.source.kind === 'kinesis' ? { sourceKinesisStreamArn: plan.source.streamArn } : {}),
        },
        this.backoff,
        deps.counters,
      );
      const t = this.transform;
      this.batcher = new LambdaBatcher(lambda.bufferBytes, lambda.bufferIntervalMs, LambdaTransform.maxPayloadEstimate, (n) => t.payloadEstimate(n));
    }
    this.partitioner = new Partitioner(plan);
    const p = plan.processing;
    this.plain = !plan.dynamicPartitioning && !p.lambda && !p.jqQuery && !p.deaggregation && !p.decompressGzip && !p.extractCloudWatchMessages;
    this.policy = new BatchingPolicy(plan, deps.budget);
    this.builder = new ObjectBuilder({ plan, tables: deps.tables, duckdb: deps.duckdb, scratchDir: deps.scratchDir, clock: this.clock });
    this.writer = new ObjectWriter(deps.lake, this.backoff, deps.counters, deps.logger, plan.streamName, deps.onDeliveryError);
    this.done = this.loop();
  }

  /** Resolves when the runner has stopped; rejects when it failed (the engine restarts it). */
  get finished(): Promise<void> {
    return this.done;
  }

  /** New records may be readable (DirectPut appends call this). */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /**
   * `drain`: deliver everything the source holds now, then stop (destination updates, clean
   * shutdown). `now`: stop at once; what is not delivered is read again at the next start.
   */
  async stop(mode: 'drain' | 'now'): Promise<void> {
    if (mode === 'now' || this.mode === 'now') this.mode = 'now';
    else if (this.mode === 'run') {
      this.drainTargets = await this.deps.source.ends();
      if (this.mode === 'run') this.mode = 'drain';
    }
    this.wake();
    await this.done.catch(() => {});
  }

  // ---- the loop --------------------------------------------------------------------------

  private async loop(): Promise<void> {
    try {
      await this.restore();
      this.state = 'running';
      while (this.mode !== 'now') {
        if (this.fatal !== undefined) throw this.fatal;
        if (this.mode === 'drain') this.state = 'draining';
        let worked = false;
        if (this.canRead()) {
          const chunk = await this.deps.source.read({ maxRecords: this.deps.tuning.readMaxRecords, maxBytes: this.deps.tuning.readMaxBytes });
          if (chunk && chunk.records.length > 0) {
            this.accept(chunk);
            worked = true;
          }
        }
        const now = this.clock();
        this.cutLambdaBatch(now);
        this.maybeFlush(now);
        this.sampleFreshness(now);
        if (this.mode === 'drain' && this.drained()) break;
        if (!worked) await this.sleep(this.nextWakeDelay(now));
      }
    } finally {
      // Let work under way settle (a stopping runner aborts retries), so nothing writes after stop() returns.
      await this.chain.catch(() => {});
      await this.cycle?.catch(() => {});
      // Buffers left behind are read again at the next start; their spooled files go now.
      for (const b of this.buffers.values()) await b.spool?.dispose().catch(() => {});
      for (const r of this.replays?.values() ?? []) await r.buffer?.spool?.dispose().catch(() => {});
      await this.builder.close().catch(() => {});
      this.deps.budget.release(this.bufferedBytes);
      this.bufferedBytes = 0;
      this.state = 'stopped';
    }
    if (this.fatal !== undefined) throw this.fatal;
  }

  private async restore(): Promise<void> {
    const { source, progress } = this.deps;
    await source.start(progress.checkpoints);
    for (const [shard, position] of source.positions()) this.applied.set(shard, position);
    if (progress.pending.length > 0) {
      this.deps.logger.info('delivery: completing a flush that a stop interrupted', { deliveryStream: this.deps.plan.streamName, objects: progress.pending.length });
      this.replays = new Map(progress.pending.map((p) => [p.partition, { pending: p, buffer: undefined }]));
      this.checkReplays();
    }
  }

  private canRead(): boolean {
    if (this.inFlight >= this.deps.tuning.maxInFlightRecords) return false;
    // While a replay gathers its records, reading must go on whatever the budget says.
    if (this.deps.budget.over && !this.replays) return false;
    if (this.mode === 'drain' && this.drainTargets) {
      const positions = this.deps.source.positions();
      for (const [shard, target] of this.drainTargets) if ((positions.get(shard) ?? 0) < target) return true;
      return false;
    }
    return true;
  }

  private drained(): boolean {
    return (
      !this.canRead() &&
      this.inFlight === 0 &&
      this.chainLength === 0 &&
      (this.batcher?.size ?? 0) === 0 &&
      this.cycle === undefined &&
      this.replays === undefined &&
      [...this.buffers.values()].every((b) => b.isEmpty)
    );
  }

  private nextWakeDelay(now: number): number {
    // DirectPut appends wake the runner; a Kinesis source is polled.
    let next = now + (this.deps.plan.source.kind === 'kinesis' ? this.deps.tuning.pollMs : 1000);
    const lambda = this.batcher?.deadline();
    if (lambda !== undefined) next = Math.min(next, lambda);
    const buffer = this.cycle || this.replays ? undefined : this.policy.nextDeadline(this.buffers.values());
    if (buffer !== undefined) next = Math.min(next, buffer);
    return Math.max(1, next - now);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  // ---- read → pre-process → transform ----------------------------------------------------

  private accept(chunk: SourceChunk): void {
    const { plan } = this.deps;
    const shard = chunk.shard;
    if (!this.applied.has(shard)) this.applied.set(shard, chunk.records[0]!.offset);
    if (plan.backup) for (const r of chunk.records) this.addBackup(shard, r);
    if (this.plain && this.chainLength === 0 && !(plan.processing.kplDeaggregation && chunk.records.some((r) => isKplAggregated(r.data)))) {
      this.applyPlain(shard, chunk.records);
      return;
    }
    const units = chunk.records.map((r) => preprocess({ shard, ...r }, plan.processing));
    this.inFlight += units.length;
    if (this.batcher) {
      const now = this.clock();
      for (const u of units) for (const batch of this.batcher.add(u, now)) this.submit(batch);
    } else {
      this.submit(units);
    }
  }

  /**
   * The common case without processors that split, transform or partition records: each
   * record goes straight into the one data buffer, with no per-stage objects (at 100,000+
   * records/s those objects are most of the heap).
   */
  private applyPlain(shard: string, records: readonly ChunkRecord[]): void {
    const now = this.clock();
    const newline = this.deps.plan.processing.appendNewline;
    const id = dataPartitionId([]);
    for (const r of records) {
      const record: BufferedRecord = {
        shard,
        offset: r.offset,
        sub: 0,
        arrivalMs: r.arrivalMs,
        data: newline ? appendNewline(r.data) : r.data,
        ...(r.sequenceNumber !== undefined ? { sequenceNumber: r.sequenceNumber } : {}),
      };
      this.add(id, PLAIN_PARTITION, record, now);
    }
    const next = records[records.length - 1]!.offset + 1;
    if ((this.applied.get(shard) ?? 0) < next) this.applied.set(shard, next);
    this.checkReplays();
  }

  private cutLambdaBatch(now: number): void {
    if (!this.batcher || this.batcher.size === 0) return;
    const deadline = this.batcher.deadline()!;
    if (now >= deadline || this.mode === 'drain') this.submit(this.batcher.cut());
  }

  /** Queues a batch: its transform starts now (bounded), its results are applied in submission order. */
  private submit(units: Unit[]): void {
    const transform = this.transform;
    const outcomes = transform ? this.invocations.run(() => transform.run(units)) : undefined;
    outcomes?.catch(() => {}); // awaited in the chain; this keeps an early rejection from being unhandled
    this.chainLength++;
    this.chain = this.chain
      .then(async () => {
        if (this.fatal !== undefined || this.mode === 'now') return;
        await this.apply(units, outcomes ? await outcomes : undefined);
      })
      .catch((e: unknown) => {
        if (!(e instanceof Aborted)) this.fatal ??= e;
      })
      .finally(() => {
        this.chainLength--;
        this.wake();
      });
  }

  // ---- partition → buffer ------------------------------------------------------------------

  private async apply(units: readonly Unit[], outcomes: ReadonlyArray<readonly TransformOutcome[]> | undefined): Promise<void> {
    const routes = await this.partitioner.route(units, outcomes, this.deps.jq, this.deps.counters);
    // From here on nothing awaits: a flush never sees half a batch.
    const now = this.clock();
    let r = 0;
    for (const unit of units) {
      const src = unit.source;
      if (unit.failure) this.addError(unit.failure, src, 0, now);
      for (let sub = 0; sub < unit.subRecords.length; sub++) {
        const route = routes[r++]!;
        switch (route.kind) {
          case 'dropped':
            break;
          case 'failed':
            this.addError(route.failure, src, sub, now);
            break;
          case 'data': {
            if (!this.isActive(route.partitionId) && this.activeDataPartitions() >= this.deps.plan.activePartitionLimit) {
              this.deps.counters.add('partitionCountExceeded', 1);
              this.addError(
                {
                  outputType: 'activePartitionExceeded',
                  errorCode: 'DynamicPartitioning.ActivePartitionsLimitExceeded',
                  errorMessage: `The delivery stream already has ${this.deps.plan.activePartitionLimit} active partitions`,
                  attemptsMade: 1,
                  rawData: route.data,
                },
                src,
                sub,
                now,
              );
              break;
            }
            const data = this.deps.plan.processing.appendNewline ? appendNewline(route.data) : route.data;
            this.add(route.partitionId, route.partition, this.buffered(src, sub, data), now);
            break;
          }
        }
      }
      const next = src.offset + 1;
      if ((this.applied.get(src.shard) ?? 0) < next) this.applied.set(src.shard, next);
    }
    this.inFlight -= units.length;
    this.checkReplays();
  }

  private buffered(src: SourceRecord, sub: number, data: Uint8Array): BufferedRecord {
    return src.sequenceNumber === undefined
      ? { shard: src.shard, offset: src.offset, sub, arrivalMs: src.arrivalMs, data }
      : { shard: src.shard, offset: src.offset, sub, arrivalMs: src.arrivalMs, data, sequenceNumber: src.sequenceNumber };
  }

  private addError(failure: RecordFailure, src: SourceRecord, sub: number, now: number): void {
    this.deps.onDeliveryError?.(this.deps.plan.streamName, {
      errorCode: failure.errorCode,
      errorMessage: failure.errorMessage,
      outputType: failure.outputType,
      ...(failure.lambdaArn !== undefined ? { lambdaArn: failure.lambdaArn } : {}),
      records: 1,
    });
    const line = processingErrorLine(failure, src.arrivalMs, now);
    this.add(errorPartitionId(failure.outputType), { kind: 'error', outputType: failure.outputType }, this.buffered(src, sub, line), now);
  }

  private addBackup(shard: string, r: ChunkRecord): void {
    this.add(BACKUP_PARTITION_ID, { kind: 'backup' }, this.buffered({ shard, ...r }, 0, r.data), this.clock());
  }

  /** Puts a record into its partition's buffer, unless an earlier run delivered it already. */
  private add(partitionId: string, partition: PartitionKind, record: BufferedRecord, now: number): void {
    if (record.offset <= this.deps.progress.watermark(partitionId, record.shard)) return;
    const replay = this.replays?.get(partitionId);
    const range = replay?.pending.ranges[record.shard];
    let buffer: PartitionBuffer;
    if (replay && range && record.offset >= range[0] && record.offset <= range[1]) {
      if (!replay.buffer) {
        replay.buffer = this.newBuffer(partitionId, partition, now);
        replay.buffer.forcedIdentity = replay.pending.identity;
      }
      buffer = replay.buffer;
    } else {
      let b = this.buffers.get(partitionId);
      if (!b) this.buffers.set(partitionId, (b = this.newBuffer(partitionId, partition, now)));
      buffer = b;
    }
    buffer.add(record);
    this.bufferedBytes += record.data.length;
    this.deps.budget.add(record.data.length);
  }

  /** Data buffers of a converting stream spool normalised records to disk as they fill. */
  private newBuffer(partitionId: string, partition: PartitionKind, now: number): PartitionBuffer {
    if (partition.kind !== 'data' || !this.deps.plan.conversion) return new PartitionBuffer(partitionId, partition, now);
    let buffer: PartitionBuffer | undefined;
    const spool = new ParquetSpool(
      () => this.builder.spoolConverter(),
      this.deps.scratchDir,
      (bytes) => {
        if (this.state === 'stopped') return; // the stop released everything already
        buffer!.memoryBytes -= bytes;
        this.bufferedBytes -= bytes;
        this.deps.budget.release(bytes);
      },
    );
    buffer = new PartitionBuffer(partitionId, partition, now, spool);
    return buffer;
  }

  private isActive(partitionId: string): boolean {
    return this.buffers.has(partitionId) || this.cyclePartitions.has(partitionId) || (this.replays?.has(partitionId) ?? false);
  }

  private activeDataPartitions(): number {
    const ids = new Set<string>();
    for (const id of this.buffers.keys()) if (id.startsWith('data')) ids.add(id);
    for (const id of this.cyclePartitions) if (id.startsWith('data')) ids.add(id);
    for (const id of this.replays?.keys() ?? []) if (id.startsWith('data')) ids.add(id);
    return ids.size;
  }

  // ---- flush ---------------------------------------------------------------------------------

  private checkReplays(): void {
    if (!this.replays || this.cycle) return;
    for (const r of this.replays.values()) {
      for (const [shard, [, last]] of Object.entries(r.pending.ranges)) {
        if ((this.applied.get(shard) ?? Infinity) <= last) return;
      }
    }
    const replays = [...this.replays.values()];
    this.cycle = this.flush(
      replays.map((r) => r.buffer),
      replays.map((r) => r.pending),
      true,
    ).finally(() => {
      this.cycle = undefined;
      this.wake();
    });
  }

  private maybeFlush(now: number): void {
    if (this.cycle || this.replays) return;
    const everything = this.mode === 'drain' && !this.canRead() && this.inFlight === 0 && this.chainLength === 0 && (this.batcher?.size ?? 0) === 0;
    const due = this.policy.select(this.buffers.values(), now, everything);
    if (due.length === 0) return;
    for (const b of due) this.buffers.delete(b.id);
    const { plan } = this.deps;
    const pending = due.map((b) => ({ partition: b.id, identity: b.identity(plan.streamUid, plan.version), ranges: b.rangesObject() }));
    this.cycle = this.flush(due, pending, false).finally(() => {
      this.cycle = undefined;
      this.wake();
    });
  }

  /**
   * One flush: intent saved, objects built and written, progress committed. A replayed
   * intent is already saved; its buffers may be missing (no record came back for them).
   */
  private async flush(buffers: ReadonlyArray<PartitionBuffer | undefined>, pending: readonly PendingFlush[], replayed: boolean): Promise<void> {
    const { progress, counters, tuning } = this.deps;
    for (const p of pending) this.cyclePartitions.add(p.partition);
    try {
      if (!replayed) await progress.begin(pending);
      this.deps.onStep?.('intent-saved');
      const writes = new Semaphore(tuning.maxConcurrentWrites);
      await Promise.all(buffers.map((b) => (b && !b.isEmpty ? writes.run(() => this.deliver(b)) : Promise.resolve())));
      if (replayed) this.replays = undefined;
      const checkpoints = this.checkpoints();
      await progress.commit(pending, checkpoints);
      this.deps.onStep?.('committed');
      await this.deps.source.delivered(checkpoints).catch((e: unknown) =>
        this.deps.logger.warn('delivery: trimming delivered records failed', { deliveryStream: this.deps.plan.streamName, error: String(e) }),
      );
      let bytes = 0;
      for (const b of buffers) {
        bytes += b?.memoryBytes ?? 0;
        if (b) b.memoryBytes = 0;
      }
      this.bufferedBytes -= bytes;
      this.deps.budget.release(bytes);
      counters.add('partitionCount', this.activeDataPartitions());
    } catch (e) {
      if (!(e instanceof Aborted)) this.fatal ??= e;
    } finally {
      this.cyclePartitions.clear();
    }
  }

  /** Builds one buffer's objects and writes them; building is retried like writing. */
  private async deliver(buffer: PartitionBuffer): Promise<void> {
    const { counters, logger, plan } = this.deps;
    for (let attempt = 0; ; attempt++) {
      let built;
      try {
        built = await this.builder.build(buffer);
      } catch (e) {
        logger.warn('delivery: building an object failed; retrying', {
          deliveryStream: plan.streamName,
          partition: buffer.id,
          attempt: attempt + 1,
          error: e instanceof Error ? e.message : String(e),
        });
        await this.backoff.wait(attempt);
        continue;
      }
      try {
        if (built.conversion) {
          counters.add('conversionRecords', built.conversion.succeededRecords);
          counters.add('conversionBytes', built.conversion.succeededBytes);
          counters.add('failedConversionRecords', built.conversion.failedRecords);
          counters.add('failedConversionBytes', built.conversion.failedBytes);
          const first = built.conversion.firstFailure;
          if (first) {
            this.deps.onDeliveryError?.(plan.streamName, {
              errorCode: first.errorCode,
              errorMessage: first.errorMessage,
              outputType: 'format-conversion-failed',
              records: built.conversion.failedRecords,
            });
          }
        }
        for (const object of built.objects) {
          await this.writer.write(object);
          this.deps.onStep?.('object-written', object.key);
        }
      } finally {
        await Promise.all(built.scratch.map((path) => rm(path, { force: true })));
      }
      await buffer.spool?.dispose();
      return;
    }
  }

  /** Per shard, the lowest offset not yet delivered: what is still in buffers, or not applied yet. */
  private checkpoints(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [shard, next] of this.applied) {
      let cp = next;
      for (const b of this.buffers.values()) {
        const low = b.lowestOffset(shard);
        if (low !== undefined && low < cp) cp = low;
      }
      for (const r of this.replays?.values() ?? []) {
        const low = r.buffer?.lowestOffset(shard);
        if (low !== undefined && low < cp) cp = low;
      }
      out.set(shard, cp);
    }
    return out;
  }

  // ---- figures -------------------------------------------------------------------------------

  private sampleFreshness(now: number): void {
    if (now - this.freshnessAtMs < 1000) return;
    this.freshnessAtMs = now;
    void this.oldestUndeliveredMs().then((oldest) => {
      const seconds = oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000);
      this.lastFreshness = seconds;
      this.deps.counters.add('deliveryFreshness', seconds);
      this.deps.counters.add('partitionCount', this.activeDataPartitions());
    }, () => {});
  }

  private async oldestUndeliveredMs(): Promise<number | undefined> {
    let oldest = await this.deps.source.oldestUnreadArrivalMs();
    const consider = (t: number | undefined) => {
      if (t !== undefined && Number.isFinite(t) && (oldest === undefined || t < oldest)) oldest = t;
    };
    consider(this.batcher?.oldestArrivalMs());
    for (const b of this.buffers.values()) consider(b.oldestArrivalMs);
    for (const r of this.replays?.values() ?? []) consider(r.buffer?.oldestArrivalMs);
    return oldest;
  }

  status(): RunnerStatus {
    let records = 0;
    for (const b of this.buffers.values()) records += b.count;
    const checkpoints: Record<string, number> = {};
    for (const [k, v] of this.checkpoints()) checkpoints[k] = v;
    return {
      state: this.state,
      backlogRecords: this.deps.source.backlog(),
      inFlightRecords: this.inFlight,
      bufferedRecords: records,
      bufferedBytes: this.bufferedBytes,
      activePartitions: this.activeDataPartitions(),
      flushing: this.cycle !== undefined,
      replaying: this.replays !== undefined,
      dataFreshnessSeconds: this.lastFreshness,
      checkpoints,
    };
  }

  /** Records accepted by the source but not read yet (PutRecordBatch refuses past the stream's bound). */
  backlog(): number {
    return this.deps.source.backlog();
  }
}
