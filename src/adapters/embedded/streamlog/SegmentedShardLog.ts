import { join } from 'node:path';
import type { LogRecordInput, ReadLimits, ReadResult, ShardLog } from '../../../engines/streams/ports.js';
import { LogUnavailableError } from '../../../engines/streams/ports.js';
import { errorCode } from './FileOps.js';
import type { Committable, GroupCommitter } from './GroupCommitter.js';
import { LogSegment } from './LogSegment.js';
import type { SegmentIndexes } from './LogSegment.js';
import { ReadCollector } from './ReadCollector.js';
import type { EncodedBatch } from './RecordBatch.js';
import { encodeBatch } from './RecordBatch.js';
import type { ResolvedLogOptions } from './SegmentedLogOptions.js';
import { SerialLock } from './SerialLock.js';

/** What every shard of a store shares. */
export interface ShardContext {
  readonly options: ResolvedLogOptions;
  readonly committer: GroupCommitter;
}

interface PendingAppend {
  readonly batch: EncodedBatch;
  readonly resolve: (offset: number) => void;
  readonly reject: (error: Error) => void;
}

const LOG_FILE = /^(\d{20})\.(log|index|timeindex)$/;
/** Offsets relative to a segment's base are 32-bit in the indexes. */
const MAX_RELATIVE_OFFSET = 0xffff_ffff;
/** Index entries that collect in memory before they are written to the active segment's index files. */
const INDEX_WRITE_ENTRIES = 128;
/** Sealed segments whose indexes stay in memory, per shard (the active segment's always do). */
const LOADED_SEALED_SEGMENTS = 2;

/**
 * The log of one shard: a directory of segments, the newest of which is active. Offsets
 * are assigned when `append` is called; the store's group committer later writes and syncs
 * the batch, and only then does it become visible to readers and its promise resolve.
 * Structural changes (commit rounds, rolls, retention, close) run one at a time under a
 * lock; reads run alongside them on a snapshot of the segment list.
 */
export class SegmentedShardLog implements ShardLog, Committable {
  /** Oldest first; the last is active. Replaced rather than mutated, so reads can hold a snapshot. */
  private segments: readonly LogSegment[];
  private pending: PendingAppend[] = [];
  /** Offset and arrival time given to the newest append, durable or not. */
  private assignedEnd: number;
  private assignedArrivalMs: number | undefined;
  /** Offset after the newest durable record, and its arrival time. */
  private durableEnd: number;
  private durableArrivalMs: number | undefined;
  private readonly lock = new SerialLock();
  /** Set when a failed append could not be cut off the file; the next round retries first. */
  private needsRepair = false;
  private closed = false;
  /** A segment file was created and the directory not yet fsync'd; the next commit syncs it alongside its data. */
  private directoryDirty = false;
  /** Index files of sealed segments being synced after a roll. */
  private background: Promise<void> = Promise.resolve();
  private loadedSealed: LogSegment[] = [];

  private constructor(
    private readonly ctx: ShardContext,
    readonly dir: string,
    segments: LogSegment[],
  ) {
    this.segments = segments;
    const active = segments[segments.length - 1]!;
    this.durableEnd = active.endOffset;
    this.durableArrivalMs = [...segments].reverse().find((s) => s.maxArrivalMs !== undefined)?.maxArrivalMs;
    this.assignedEnd = this.durableEnd;
    this.assignedArrivalMs = this.durableArrivalMs;
  }

  /** Opens the shard directory (which must exist), recovering its segments, or starts an empty log. */
  static async open(ctx: ShardContext, dir: string): Promise<SegmentedShardLog> {
    const { fileOps, onEvent } = ctx.options;
    const names = await fileOps.list(dir);
    const logBases = new Set<number>();
    for (const name of names) {
      const m = LOG_FILE.exec(name);
      if (m?.[2] === 'log') logBases.add(Number(m[1]));
    }
    for (const name of names) {
      const m = LOG_FILE.exec(name);
      if (m !== null && m[2] !== 'log' && !logBases.has(Number(m[1]))) await fileOps.remove(join(dir, name));
    }
    const bases = [...logBases].sort((a, b) => a - b);
    const segments: LogSegment[] = [];
    try {
      for (let i = 0; i < bases.length; i++) {
        const base = bases[i]!;
        const previous = segments[segments.length - 1];
        let broken: string | undefined;
        if (previous !== undefined && previous.endOffset !== base) {
          broken = `segment starts at ${base} but the previous one ends at ${previous.endOffset}`;
        } else {
          const isLast = i === bases.length - 1;
          const recovered = await LogSegment.recover(ctx.options, dir, base, isLast);
          segments.push(recovered.segment);
          if (isLast || !recovered.truncated) continue;
          broken = 'a sealed segment before it had a corrupt tail';
          i++;
        }
        // The log must stay dense: drop what follows a break, and make the segment before it active again.
        for (const dropped of bases.slice(i)) {
          const paths = LogSegment.paths(dir, dropped);
          onEvent({ kind: 'segment-dropped', file: paths.log, reason: broken });
          for (const path of [paths.index, paths.timeIndex, paths.log]) await fileOps.remove(path);
        }
        const last = segments.pop()!;
        await last.close();
        segments.push((await LogSegment.recover(ctx.options, dir, last.baseOffset, true)).segment);
        break;
      }
      if (segments.length === 0) {
        segments.push(await LogSegment.create(ctx.options, dir, 0));
        await fileOps.syncDirectory(dir);
      }
    } catch (err) {
      await Promise.allSettled(segments.map((s) => s.close()));
      throw err;
    }
    return new SegmentedShardLog(ctx, dir, segments);
  }

  get startOffset(): number {
    return this.segments[0]!.baseOffset;
  }

  get nextOffset(): number {
    return this.assignedEnd;
  }

  get lastArrivalMs(): number | undefined {
    return this.durableArrivalMs;
  }

  append(records: readonly LogRecordInput[], arrivalMs: number): Promise<number> {
    if (this.closed) return Promise.reject(closedError());
    if (records.length === 0) return Promise.resolve(this.assignedEnd);
    if (!Number.isFinite(arrivalMs)) return Promise.reject(new RangeError(`arrivalMs must be a finite number, got ${arrivalMs}`));
    const arrival = Math.max(this.assignedArrivalMs ?? 0, Math.floor(arrivalMs));
    let batch: EncodedBatch;
    try {
      batch = encodeBatch(records, this.assignedEnd, arrival);
    } catch (err) {
      return Promise.reject(err);
    }
    this.assignedEnd += records.length;
    this.assignedArrivalMs = arrival;
    return new Promise<number>((resolve, reject) => {
      this.pending.push({ batch, resolve, reject });
      this.ctx.committer.schedule(this);
    });
  }

  commitPending(): Promise<void> {
    return this.lock.run(() => this.commitNow()).catch(() => undefined);
  }

  async read(fromOffset: number, limits: ReadLimits): Promise<ReadResult> {
    if (this.closed) throw closedError();
    if (!Number.isSafeInteger(fromOffset)) throw new RangeError(`fromOffset must be an integer, got ${fromOffset}`);
    const from = Math.max(fromOffset, this.startOffset);
    const end = this.durableEnd;
    if (from >= end || limits.maxRecords < 1) return { records: [], nextOffset: from };
    const collector = new ReadCollector(Math.floor(limits.maxRecords), limits.maxBytes);
    await this.readFrom(from, end, collector, limits.maxBytes);
    return { records: collector.records, nextOffset: collector.nextOffset(from) };
  }

  async offsetAtTime(timestampMs: number): Promise<number> {
    if (this.closed) throw closedError();
    const end = this.durableEnd;
    if (this.durableArrivalMs === undefined || this.durableArrivalMs < timestampMs) return end;
    const segment = this.segments.find((s) => s.maxArrivalMs !== undefined && s.maxArrivalMs >= timestampMs);
    if (segment === undefined) return end;
    if (segment.firstArrivalMs === undefined || segment.firstArrivalMs >= timestampMs) return segment.baseOffset;
    return this.withSegment(segment, end, async ({ offsetIndex, timeIndex }) => {
      const before = timeIndex.offsetBefore(timestampMs) ?? segment.baseOffset;
      const scanner = segment.scanner(offsetIndex.lookup(before).position, { payloads: false, chunkBytes: 16 * 1024 });
      for (;;) {
        const step = await scanner.next();
        if (step.kind === 'end') return segment.endOffset;
        if (step.kind === 'invalid') throw corruptError(segment, step.position, step.reason);
        if (step.header.arrivalMs >= timestampMs) return step.header.baseOffset;
      }
    });
  }

  async arrivalTimeOf(offset: number): Promise<number | undefined> {
    if (this.closed) throw closedError();
    if (!Number.isInteger(offset) || offset < this.startOffset || offset >= this.durableEnd) return undefined;
    const segment = this.segments[segmentIndexFor(this.segments, offset)]!;
    return this.withSegment(segment, undefined, async ({ offsetIndex }) => {
      const scanner = segment.scanner(offsetIndex.lookup(offset).position, { payloads: false, chunkBytes: 16 * 1024 });
      for (;;) {
        const step = await scanner.next();
        if (step.kind === 'end') return undefined;
        if (step.kind === 'invalid') throw corruptError(segment, step.position, step.reason);
        if (offset < step.header.baseOffset + step.header.recordCount) return step.header.arrivalMs;
      }
    });
  }

  trimBefore(cutoffMs: number): Promise<number> {
    return this.lock.run(async () => {
      if (this.closed) throw closedError();
      try {
        // A quiet shard's active segment would otherwise never become old enough to delete.
        const active = this.active;
        if (active.maxArrivalMs !== undefined && active.maxArrivalMs < cutoffMs && this.pending.length === 0) {
          await this.roll();
          // The new segment must survive a crash before the old ones go, or the offsets would restart at 0.
          await this.syncDirectoryIfDirty();
        }
        await this.background;
        while (this.segments.length > 1) {
          const oldest = this.segments[0]!;
          if (oldest.maxArrivalMs !== undefined && oldest.maxArrivalMs >= cutoffMs) break;
          this.segments = this.segments.slice(1);
          this.loadedSealed = this.loadedSealed.filter((s) => s !== oldest);
          await oldest.delete();
          this.ctx.options.onEvent({ kind: 'segment-deleted', file: oldest.log.path });
        }
      } catch (err) {
        throw this.unavailable(err);
      }
      return this.startOffset;
    });
  }

  /** Commits what is pending, then closes every file. Later calls fail with reason 'closed'. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lock.run(async () => {
      await this.commitNow();
      await this.background;
      await this.active.syncIndexes().catch(() => undefined);
      await Promise.allSettled(this.segments.map((s) => s.close()));
    });
  }

  private get active(): LogSegment {
    return this.segments[this.segments.length - 1]!;
  }

  /** One group-commit round for this shard: writes and syncs every append pending now, rolling where needed. */
  private async commitNow(): Promise<void> {
    const appends = this.pending;
    if (appends.length === 0) return;
    this.pending = [];
    let done = 0;
    try {
      if (this.needsRepair) {
        await this.active.truncateToDurableSize();
        this.needsRepair = false;
      }
      let groupStart = 0;
      let groupBytes = 0;
      for (let i = 0; i < appends.length; i++) {
        const batch = appends[i]!.batch;
        if (this.shouldRoll(batch, groupBytes, appends[groupStart]!.batch, i > groupStart)) {
          if (i > groupStart) {
            await this.commitGroup(appends.slice(groupStart, i));
            done = i;
          }
          await this.roll();
          groupStart = i;
          groupBytes = 0;
        }
        groupBytes += batch.buffer.length;
      }
      await this.commitGroup(appends.slice(groupStart));
      done = appends.length;
      // Index files are written in bulk, off most rounds; recovery rescans the log past their last entry.
      if (this.active.unwrittenIndexEntries >= INDEX_WRITE_ENTRIES) await this.active.writeIndexEntries();
    } catch (err) {
      await this.fail(appends.slice(done), err);
    }
  }

  private shouldRoll(batch: EncodedBatch, groupBytes: number, groupFirst: EncodedBatch, groupOpen: boolean): boolean {
    const segment = this.active;
    if (segment.isEmpty && !groupOpen) return false;
    const firstArrival = segment.firstArrivalMs ?? groupFirst.header.arrivalMs;
    const { rollSizeBytes, rollAgeMs } = this.ctx.options;
    return (
      segment.size + groupBytes + batch.buffer.length > rollSizeBytes ||
      batch.header.arrivalMs - firstArrival >= rollAgeMs ||
      batch.header.baseOffset + batch.header.recordCount - segment.baseOffset > MAX_RELATIVE_OFFSET
    );
  }

  private async commitGroup(group: readonly PendingAppend[]): Promise<void> {
    const segment = this.active;
    const batches = group.map((a) => a.batch);
    // After a roll, the directory fsync runs alongside the first data sync; both must succeed.
    const results = await Promise.allSettled([segment.writeAndSync(batches), this.syncDirectoryIfDirty()]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    segment.commitAppended(batches);
    for (const batch of batches) {
      this.durableEnd = batch.header.baseOffset + batch.header.recordCount;
      this.durableArrivalMs = batch.header.arrivalMs;
    }
    for (const a of group) a.resolve(a.batch.header.baseOffset);
  }

  private async syncDirectoryIfDirty(): Promise<void> {
    if (!this.directoryDirty) return;
    await this.ctx.options.fileOps.syncDirectory(this.dir);
    this.directoryDirty = false;
  }

  /**
   * Seals the active segment and starts a new one at the durable end. The new files become
   * durable with the first commit into them; the sealed segment's index files are synced
   * in the background. Creating a segment only once everything before it is durable means
   * that only the newest segment can ever have a torn tail.
   */
  private async roll(): Promise<void> {
    const sealed = this.active;
    sealed.seal();
    const next = await LogSegment.create(this.ctx.options, this.dir, sealed.endOffset);
    this.segments = [...this.segments, next];
    this.directoryDirty = true;
    this.background = this.background
      .then(() => sealed.finishSeal())
      .catch(() => undefined)
      .then(() => this.noteIndexesLoaded(sealed));
    this.ctx.options.onEvent({ kind: 'segment-rolled', file: next.log.path });
  }

  /**
   * A write, sync or roll failed: the failed appends and every later one not yet durable are
   * rejected, offsets rewind to the durable end, and the file is cut back to its durable size.
   */
  private async fail(failed: readonly PendingAppend[], err: unknown): Promise<void> {
    const error = this.unavailable(err);
    const rejected = failed.concat(this.pending);
    this.pending = [];
    this.assignedEnd = this.durableEnd;
    this.assignedArrivalMs = this.durableArrivalMs;
    try {
      await this.active.truncateToDurableSize();
    } catch {
      this.needsRepair = true;
    }
    for (const a of rejected) a.reject(error);
  }

  /**
   * Reads through the offset index and the log files. Consumers right behind the writer hit
   * the OS page cache here; an in-memory tail cache was measured and did not pay for its
   * memory (see bench/streamlog-micro.ts --consumers).
   */
  private async readFrom(from: number, end: number, collector: ReadCollector, maxBytes: number): Promise<void> {
    const segments = this.segments;
    const chunkBytes = Math.min(Math.max(64 * 1024, maxBytes + 64 * 1024), 8 * 1024 * 1024);
    let next = from;
    for (let i = segmentIndexFor(segments, from); i < segments.length && !collector.full && next < end; i++) {
      const segment = segments[i]!;
      const read = await this.withSegment(segment, false, async ({ offsetIndex }) => {
        const scanner = segment.scanner(offsetIndex.lookup(next).position, { payloads: true, chunkBytes });
        for (;;) {
          const step = await scanner.next();
          if (step.kind === 'end') return true;
          if (step.kind === 'invalid') throw corruptError(segment, step.position, step.reason);
          const h = step.header;
          if (h.baseOffset + h.recordCount <= next) continue;
          collector.addBatch(step.buffer, step.at, h, next);
          if (collector.full) return true;
        }
      });
      // A segment deleted by retention meanwhile is skipped: its records are no longer retained.
      next = read ? collector.nextOffset(next) : next;
      next = Math.max(next, segments[i + 1]?.baseOffset ?? end);
    }
  }

  /** Runs `use` with the segment's indexes while keeping its file open; `otherwise` when it was deleted meanwhile. */
  private async withSegment<T, U>(segment: LogSegment, otherwise: U, use: (indexes: SegmentIndexes) => Promise<T>): Promise<T | U> {
    if (!segment.tryAcquire()) return otherwise;
    try {
      const indexes = await segment.indexes();
      if (segment !== this.active) this.noteIndexesLoaded(segment);
      return await use(indexes);
    } finally {
      segment.release();
    }
  }

  /** Keeps the indexes of only the most recently used sealed segments in memory. */
  private noteIndexesLoaded(segment: LogSegment): void {
    this.loadedSealed = this.loadedSealed.filter((s) => s !== segment);
    this.loadedSealed.push(segment);
    while (this.loadedSealed.length > LOADED_SEALED_SEGMENTS) this.loadedSealed.shift()!.unloadIndexes();
  }

  private unavailable(err: unknown): LogUnavailableError {
    if (err instanceof LogUnavailableError) return err;
    const code = errorCode(err);
    const message = err instanceof Error ? err.message : String(err);
    return code === 'ENOSPC' || code === 'EDQUOT'
      ? new LogUnavailableError(`stream log ${this.dir}: disk full (${message})`, 'disk-full')
      : new LogUnavailableError(`stream log ${this.dir}: I/O error (${message})`, 'io-error');
  }
}

function closedError(): LogUnavailableError {
  return new LogUnavailableError('stream log is closed', 'closed');
}

function corruptError(segment: LogSegment, position: number, reason: string): LogUnavailableError {
  return new LogUnavailableError(`corrupt batch in ${segment.log.path} at byte ${position}: ${reason}`, 'io-error');
}

/** Index of the segment holding `offset` (the last one whose base is not after it). */
function segmentIndexFor(segments: readonly LogSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (segments[mid]!.baseOffset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
