import type { LogFile } from './FileOps.js';
import type { BatchHeader } from './RecordBatch.js';
import { BATCH_HEADER_BYTES, batchBytes, decodeBatchHeader, isPayloadIntact } from './RecordBatch.js';

export type ScanStep =
  | {
      readonly kind: 'batch';
      /** File position of the batch. */
      readonly position: number;
      readonly header: BatchHeader;
      /** Holds the batch (with its payload when the scanner reads payloads) at `at`. Never reused by the scanner. */
      readonly buffer: Buffer;
      readonly at: number;
    }
  | { readonly kind: 'end' }
  | { readonly kind: 'invalid'; readonly position: number; readonly reason: string };

export interface ScanOptions {
  /** Read and checksum payloads; header-only scans skip over them. */
  readonly payloads: boolean;
  /** Bytes read from the file at a time (a larger batch is read whole). */
  readonly chunkBytes: number;
}

/** Walks the batches of a log file from a batch boundary up to `end`, reading in chunks. */
export class BatchScanner {
  private buf: Buffer = Buffer.alloc(0);
  /** File position of buf[0]. */
  private bufStart = 0;

  constructor(
    private readonly file: LogFile,
    private position: number,
    private readonly end: number,
    private readonly options: ScanOptions,
  ) {}

  /** Position of the next batch (after the last one returned). */
  get nextPosition(): number {
    return this.position;
  }

  async next(): Promise<ScanStep> {
    const position = this.position;
    if (position >= this.end) return { kind: 'end' };
    if (position + BATCH_HEADER_BYTES > this.end) return { kind: 'invalid', position, reason: 'torn batch header' };
    if (!(await this.ensure(position, BATCH_HEADER_BYTES))) {
      return { kind: 'invalid', position, reason: 'file shorter than expected' };
    }
    const header = decodeBatchHeader(this.buf, position - this.bufStart);
    if (header === undefined) return { kind: 'invalid', position, reason: 'bad batch header' };
    const size = batchBytes(header);
    if (position + size > this.end) return { kind: 'invalid', position, reason: 'torn batch' };
    if (this.options.payloads) {
      if (!(await this.ensure(position, size))) {
        return { kind: 'invalid', position, reason: 'file shorter than expected' };
      }
      if (!isPayloadIntact(this.buf, position - this.bufStart, header)) {
        return { kind: 'invalid', position, reason: 'payload checksum mismatch' };
      }
    }
    this.position = position + size;
    return { kind: 'batch', position, header, buffer: this.buf, at: position - this.bufStart };
  }

  /** Makes bytes [position, position+length) available in buf; false when the file ends first. */
  private async ensure(position: number, length: number): Promise<boolean> {
    const bufEnd = this.bufStart + this.buf.length;
    if (position >= this.bufStart && position + length <= bufEnd) return true;
    const want = Math.min(Math.max(length, this.options.chunkBytes), this.end - position);
    // A fresh buffer each time: records handed to readers may be views into the old one.
    const buf = Buffer.allocUnsafe(want);
    const got = await this.file.read(buf, position);
    this.buf = got === want ? buf : buf.subarray(0, got);
    this.bufStart = position;
    return got >= length;
  }
}
