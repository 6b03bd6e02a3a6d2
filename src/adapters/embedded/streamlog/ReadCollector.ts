import type { LogRecord } from '../../../engines/streams/ports.js';
import type { BatchHeader } from './RecordBatch.js';
import { BATCH_HEADER_BYTES, RECORD_HEADER_BYTES } from './RecordBatch.js';

/** Accumulates records for one read within its limits. */
export class ReadCollector {
  readonly records: LogRecord[] = [];
  private bytes = 0;
  /** Set once a limit stopped the read. */
  full = false;

  constructor(
    private readonly maxRecords: number,
    private readonly maxBytes: number,
  ) {}

  /** Adds the records of the batch at `at` from `fromOffset` on, until a limit is reached. Records are views into `buf`. */
  addBatch(buf: Buffer, at: number, header: BatchHeader, fromOffset: number): void {
    let p = at + BATCH_HEADER_BYTES;
    let offset = header.baseOffset;
    const last = header.baseOffset + header.recordCount;
    for (; offset < last; offset++) {
      const keyBytes = buf.readUInt16LE(p);
      const dataBytes = buf.readUInt32LE(p + 2);
      const keyStart = p + RECORD_HEADER_BYTES;
      const dataStart = keyStart + keyBytes;
      p = dataStart + dataBytes;
      if (offset < fromOffset) continue;
      const size = keyBytes + dataBytes;
      if (this.records.length >= this.maxRecords || (this.records.length > 0 && this.bytes + size > this.maxBytes)) {
        this.full = true;
        return;
      }
      this.records.push({
        offset,
        arrivalMs: header.arrivalMs,
        partitionKey: buf.toString('utf8', keyStart, dataStart),
        data: buf.subarray(dataStart, p),
      });
      this.bytes += size;
    }
    if (this.records.length >= this.maxRecords) this.full = true;
  }

  /** The offset after the last record collected, or `otherwise` when none was. */
  nextOffset(otherwise: number): number {
    const last = this.records[this.records.length - 1];
    return last === undefined ? otherwise : last.offset + 1;
  }
}
