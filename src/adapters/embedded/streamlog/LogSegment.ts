import { join } from 'node:path';
import { BatchScanner } from './BatchScanner.js';
import type { ScanOptions } from './BatchScanner.js';
import type { LogFile } from './FileOps.js';
import { errorCode, readWhole, writeFully } from './FileOps.js';
import { OffsetIndex } from './OffsetIndex.js';
import type { EncodedBatch } from './RecordBatch.js';
import { BATCH_HEADER_BYTES, batchBytes, decodeBatchHeader } from './RecordBatch.js';
import type { ResolvedLogOptions } from './SegmentedLogOptions.js';
import { TimeIndex } from './TimeIndex.js';

export interface SegmentIndexes {
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
}

/** What recovery found in one segment. */
export interface RecoveredSegment {
  readonly segment: LogSegment;
  /** True when a torn or corrupt tail was cut off. */
  readonly truncated: boolean;
}

type SegmentContext = Pick<ResolvedLogOptions, 'fileOps' | 'indexIntervalBytes' | 'onEvent'>;

/**
 * One segment of a shard's log: `<base>.log` with its sparse `<base>.index` and
 * `<base>.timeindex`, where <base> is the first offset, 20 digits. Only the newest segment
 * of a shard (the active one) is written; older ones are sealed and only read or deleted.
 * All sizes and offsets here are durable ones: a batch counts only after its fdatasync.
 */
export class LogSegment {
  /** Durable bytes in the log file. */
  size = 0;
  /** Offset after the last durable record. */
  endOffset: number;
  firstArrivalMs: number | undefined;
  maxArrivalMs: number | undefined;
  private lastBatchOffset: number | undefined;
  private bytesSinceIndexEntry = 0;
  private offsetIndex: OffsetIndex | undefined;
  private timeIndex: TimeIndex | undefined;
  /** Index files stay open while the segment is active. */
  private indexFile: LogFile | undefined;
  private timeIndexFile: LogFile | undefined;
  private readers = 0;
  private disposed: Promise<void> | undefined;
  private releaseIdle: (() => void) | undefined;

  private constructor(
    private readonly ctx: SegmentContext,
    readonly dir: string,
    readonly baseOffset: number,
    readonly log: LogFile,
  ) {
    this.endOffset = baseOffset;
  }

  static fileStem(baseOffset: number): string {
    return String(baseOffset).padStart(20, '0');
  }

  static paths(dir: string, baseOffset: number): { log: string; index: string; timeIndex: string } {
    const stem = join(dir, LogSegment.fileStem(baseOffset));
    return { log: `${stem}.log`, index: `${stem}.index`, timeIndex: `${stem}.timeindex` };
  }

  /** Creates the three files of a new, empty, active segment. The caller syncs the directory. */
  static async create(ctx: SegmentContext, dir: string, baseOffset: number): Promise<LogSegment> {
    const paths = LogSegment.paths(dir, baseOffset);
    const opened: LogFile[] = [];
    try {
      for (const path of [paths.log, paths.index, paths.timeIndex]) opened.push(await ctx.fileOps.open(path, 'create'));
    } catch (err) {
      await Promise.allSettled(opened.map((f) => f.close()));
      await Promise.allSettled(opened.map((f) => ctx.fileOps.remove(f.path)));
      throw err;
    }
    const segment = new LogSegment(ctx, dir, baseOffset, opened[0]!);
    segment.indexFile = opened[1];
    segment.timeIndexFile = opened[2];
    segment.offsetIndex = new OffsetIndex(baseOffset);
    segment.timeIndex = new TimeIndex(baseOffset);
    return segment;
  }

  /**
   * Opens an existing segment and recovers it: finds the last offset-index entry that points
   * at a valid batch, verifies every batch from there to the end of the file (header and
   * payload checksums, offsets in sequence, arrival times not decreasing), cuts off a torn
   * or corrupt tail, and repairs or rebuilds the index files. `active` segments keep their
   * index files open; sealed ones get their closing time-index entry back if it was lost.
   */
  static async recover(ctx: SegmentContext, dir: string, baseOffset: number, active: boolean): Promise<RecoveredSegment> {
    const paths = LogSegment.paths(dir, baseOffset);
    const segment = new LogSegment(ctx, dir, baseOffset, await ctx.fileOps.open(paths.log, 'existing'));
    try {
      const fileSize = await segment.log.size();
      const indexBytes = await segment.readIndexFile(paths.index);
      const timeIndexBytes = await segment.readIndexFile(paths.timeIndex);
      let offsetIndex = indexBytes && OffsetIndex.parse(baseOffset, indexBytes);
      let timeIndex = timeIndexBytes && TimeIndex.parse(baseOffset, timeIndexBytes);
      let rebuildReason: string | undefined;
      if (offsetIndex === undefined || timeIndex === undefined) {
        // Both are rebuilt together so that their entries stay at the same batches.
        rebuildReason = offsetIndex === undefined ? 'offset index missing or damaged' : 'time index missing or damaged';
        offsetIndex = new OffsetIndex(baseOffset);
        timeIndex = new TimeIndex(baseOffset);
      }
      segment.offsetIndex = offsetIndex;
      segment.timeIndex = timeIndex;

      // Scan from the newest index entry whose batch is intact; step back while it is not.
      let k = offsetIndex.count - 1;
      let scan: ScanResult;
      for (;;) {
        while (k >= 0 && !(await segment.headerMatches(offsetIndex.positionAt(k), offsetIndex.offsetAt(k), fileSize))) k--;
        offsetIndex.truncate(k + 1);
        timeIndex.truncateAfter(k >= 0 ? offsetIndex.offsetAt(k) : baseOffset - 1);
        scan = await segment.scanAndIndex(k, fileSize);
        if (k < 0 || scan.batches > 0) break;
        k--;
      }

      if (scan.validEnd < fileSize) {
        ctx.onEvent({ kind: 'tail-truncated', file: paths.log, fromBytes: fileSize, toBytes: scan.validEnd, reason: scan.reason ?? 'unknown' });
        await segment.log.truncate(scan.validEnd);
        await segment.log.sync();
      }
      segment.size = scan.validEnd;
      segment.firstArrivalMs = timeIndex.firstTimestamp;
      if (!active) segment.addClosingTimeEntry();
      const created = await Promise.all([
        segment.reconcileIndexFile(paths.index, indexBytes, offsetIndex, rebuildReason, active),
        segment.reconcileIndexFile(paths.timeIndex, timeIndexBytes, timeIndex, rebuildReason, active),
      ]);
      if (created.includes(true)) await ctx.fileOps.syncDirectory(dir);
      if (!active) segment.unloadIndexes();
      return { segment, truncated: scan.validEnd < fileSize };
    } catch (err) {
      await segment.closeFiles();
      throw err;
    }
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  // ---- write path (active segment only) ----

  /** Writes the batches after the durable end and fdatasyncs them; the segment counts them only after `commitAppended`. */
  async writeAndSync(batches: readonly EncodedBatch[]): Promise<void> {
    await writeFully(
      this.log,
      batches.map((b) => b.buffer),
      this.size,
    );
    await this.log.datasync();
  }

  /** Counts batches that `writeAndSync` made durable: they move the durable end and get index entries. */
  commitAppended(batches: readonly EncodedBatch[]): void {
    let position = this.size;
    for (const b of batches) {
      this.indexBatch(b.header.baseOffset, position, b.header.arrivalMs, b.buffer.length);
      position += b.buffer.length;
      this.noteBatch(b.header.baseOffset, b.header.recordCount, b.header.arrivalMs);
    }
    this.size = position;
  }

  /** Cuts whatever a failed append left after the durable end. */
  async truncateToDurableSize(): Promise<void> {
    await this.log.truncate(this.size);
  }

  /** Index entries not yet written to the index files. */
  get unwrittenIndexEntries(): number {
    return (this.offsetIndex?.unwrittenCount ?? 0) + (this.timeIndex?.unwrittenCount ?? 0);
  }

  /**
   * Writes new index entries to the index files without syncing them: the log is the
   * truth and recovery rebuilds missing entries. With `strict`, failures are thrown.
   */
  async writeIndexEntries(strict = false): Promise<void> {
    try {
      await Promise.all([
        writeEntries(this.indexFile, this.offsetIndex),
        writeEntries(this.timeIndexFile, this.timeIndex),
      ]);
    } catch (err) {
      if (strict) throw err;
      // The entries stay in memory and are written again with the next ones.
    }
  }

  /** The segment stops growing: its newest arrival time goes into the time index. */
  seal(): void {
    this.addClosingTimeEntry();
  }

  /**
   * After a roll, off the append path: writes and syncs the sealed segment's index files,
   * then closes them. Only recovery speed depends on this; failures are left to recovery.
   */
  async finishSeal(): Promise<void> {
    try {
      await this.syncIndexes();
    } finally {
      await this.closeIndexFiles();
    }
  }

  /** Writes and syncs pending index entries (on close, so that the next open scans little). */
  async syncIndexes(): Promise<void> {
    await this.writeIndexEntries(true);
    await Promise.all([this.indexFile?.sync(), this.timeIndexFile?.sync()]);
  }

  private async closeIndexFiles(): Promise<void> {
    const files = [this.indexFile, this.timeIndexFile];
    this.indexFile = undefined;
    this.timeIndexFile = undefined;
    await Promise.allSettled(files.map((f) => f?.close()));
  }

  // ---- read path ----

  /** Pins the log file open while a read uses it; false when the segment is already closing. */
  tryAcquire(): boolean {
    if (this.disposed !== undefined) return false;
    this.readers++;
    return true;
  }

  release(): void {
    this.readers--;
    if (this.readers === 0) this.releaseIdle?.();
  }

  /** The indexes, loaded from their files when this sealed segment's were unloaded. */
  async indexes(): Promise<SegmentIndexes> {
    if (this.offsetIndex !== undefined && this.timeIndex !== undefined) {
      return { offsetIndex: this.offsetIndex, timeIndex: this.timeIndex };
    }
    const paths = LogSegment.paths(this.dir, this.baseOffset);
    const indexBytes = await this.readIndexFile(paths.index);
    const timeIndexBytes = await this.readIndexFile(paths.timeIndex);
    const offsetIndex = indexBytes && OffsetIndex.parse(this.baseOffset, indexBytes);
    const timeIndex = timeIndexBytes && TimeIndex.parse(this.baseOffset, timeIndexBytes);
    // Unusable files only cost speed here: empty indexes make lookups scan from the segment start.
    this.offsetIndex = offsetIndex ?? new OffsetIndex(this.baseOffset);
    this.timeIndex = timeIndex ?? new TimeIndex(this.baseOffset);
    return { offsetIndex: this.offsetIndex, timeIndex: this.timeIndex };
  }

  /** Frees the in-memory indexes of a sealed segment (they are reloaded on demand). */
  unloadIndexes(): void {
    if (this.indexFile !== undefined) return; // active: the files may lag behind memory
    this.offsetIndex = undefined;
    this.timeIndex = undefined;
  }

  scanner(position: number, options: ScanOptions): BatchScanner {
    return new BatchScanner(this.log, position, this.size, options);
  }

  // ---- retention and shutdown ----

  /** Deletes the segment's files, indexes first: a crash in between leaves a log whose indexes are rebuilt on open. */
  async delete(): Promise<void> {
    const paths = LogSegment.paths(this.dir, this.baseOffset);
    await this.close();
    await this.ctx.fileOps.remove(paths.index);
    await this.ctx.fileOps.remove(paths.timeIndex);
    await this.ctx.fileOps.remove(paths.log);
  }

  /** Closes the files once no read uses them. */
  close(): Promise<void> {
    this.disposed ??= (async () => {
      if (this.readers > 0) await new Promise<void>((resolve) => (this.releaseIdle = resolve));
      await this.closeFiles();
    })();
    return this.disposed;
  }

  // ---- internals ----

  private indexBatch(offset: number, position: number, arrivalMs: number, bytes: number): void {
    const offsetIndex = this.offsetIndex!;
    if (offsetIndex.count === 0 || this.bytesSinceIndexEntry >= this.ctx.indexIntervalBytes) {
      offsetIndex.append(offset, position);
      this.timeIndex!.maybeAppend(arrivalMs, offset);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += bytes;
  }

  private noteBatch(baseOffset: number, recordCount: number, arrivalMs: number): void {
    this.firstArrivalMs ??= arrivalMs;
    this.maxArrivalMs = arrivalMs;
    this.lastBatchOffset = baseOffset;
    this.endOffset = baseOffset + recordCount;
  }

  /** The newest arrival time goes into the time index when the segment stops growing. */
  private addClosingTimeEntry(): void {
    if (this.maxArrivalMs !== undefined && this.lastBatchOffset !== undefined) {
      this.timeIndex!.maybeAppend(this.maxArrivalMs, this.lastBatchOffset);
    }
  }

  private async headerMatches(position: number, offset: number, fileSize: number): Promise<boolean> {
    if (position + BATCH_HEADER_BYTES > fileSize) return false;
    const buf = Buffer.allocUnsafe(BATCH_HEADER_BYTES);
    if ((await this.log.read(buf, position)) < BATCH_HEADER_BYTES) return false;
    const header = decodeBatchHeader(buf, 0);
    return header !== undefined && header.baseOffset === offset && position + batchBytes(header) <= fileSize;
  }

  /**
   * Verifies batches from index entry `k` (or the file start) to `fileSize`, indexing those
   * after the entry; stops at the first batch that is torn, corrupt or out of sequence.
   */
  private async scanAndIndex(k: number, fileSize: number): Promise<ScanResult> {
    const offsetIndex = this.offsetIndex!;
    const start = k >= 0 ? offsetIndex.positionAt(k) : 0;
    let expected = k >= 0 ? offsetIndex.offsetAt(k) : this.baseOffset;
    let previousArrival = this.timeIndex!.lastTimestamp ?? -Infinity;
    this.size = start;
    this.bytesSinceIndexEntry = 0;
    this.maxArrivalMs = undefined;
    this.lastBatchOffset = undefined;
    this.endOffset = expected;
    const scanner = new BatchScanner(this.log, start, fileSize, { payloads: true, chunkBytes: 1024 * 1024 });
    let batches = 0;
    for (;;) {
      const step = await scanner.next();
      if (step.kind === 'end') return { validEnd: fileSize, batches };
      if (step.kind === 'invalid') return { validEnd: step.position, batches, reason: step.reason };
      const h = step.header;
      if (h.baseOffset !== expected || h.recordCount === 0 || h.arrivalMs < previousArrival) {
        return { validEnd: step.position, batches, reason: 'batch out of sequence' };
      }
      const bytes = batchBytes(h);
      if (step.position === start && k >= 0) this.bytesSinceIndexEntry = bytes;
      else this.indexBatch(h.baseOffset, step.position, h.arrivalMs, bytes);
      this.noteBatch(h.baseOffset, h.recordCount, h.arrivalMs);
      expected += h.recordCount;
      previousArrival = h.arrivalMs;
      batches++;
    }
  }

  /** An index file's bytes, or undefined when it is missing. */
  private async readIndexFile(path: string): Promise<Buffer | undefined> {
    let file: LogFile;
    try {
      file = await this.ctx.fileOps.open(path, 'existing');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    try {
      return await readWhole(file);
    } finally {
      await file.close();
    }
  }

  /**
   * Makes an index file hold exactly the recovered entries: nothing to do when it does,
   * appends when it holds a prefix of them, rewrites it otherwise. Keeps it open when the
   * segment is active. Resolves true when the file was (re)created.
   */
  private async reconcileIndexFile(
    path: string,
    onDisk: Buffer | undefined,
    index: OffsetIndex | TimeIndex,
    rebuildReason: string | undefined,
    active: boolean,
  ): Promise<boolean> {
    const wanted = index.serialize();
    const isPrefix =
      onDisk !== undefined && onDisk.length <= wanted.length && wanted.subarray(0, onDisk.length).equals(onDisk);
    index.markWritten(index.count);
    if (isPrefix && onDisk.length === wanted.length && !active) return false;
    const file = await this.ctx.fileOps.open(path, isPrefix ? 'existing' : 'create');
    try {
      if (!isPrefix) {
        this.ctx.onEvent({ kind: 'index-rebuilt', file: path, reason: rebuildReason ?? 'entries past the valid end of the log' });
      }
      const from = isPrefix ? onDisk.length : 0;
      if (from < wanted.length) {
        await writeFully(file, [wanted.subarray(from)], from);
        await file.sync();
      }
    } catch (err) {
      await file.close();
      throw err;
    }
    if (!active) await file.close();
    else if (index instanceof OffsetIndex) this.indexFile = file;
    else this.timeIndexFile = file;
    return !isPrefix;
  }

  private async closeFiles(): Promise<void> {
    await this.closeIndexFiles();
    await this.log.close();
  }
}

interface ScanResult {
  /** File position after the last intact batch. */
  readonly validEnd: number;
  /** Intact batches found by the scan. */
  readonly batches: number;
  readonly reason?: string;
}

async function writeEntries(file: LogFile | undefined, index: OffsetIndex | TimeIndex | undefined): Promise<void> {
  const pending = index?.unwritten();
  if (file === undefined || index === undefined || pending === undefined) return;
  await writeFully(file, [pending.bytes], pending.position);
  index.markWritten(pending.upTo);
}
