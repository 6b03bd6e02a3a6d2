/**
 * Sparse time index of one segment: entries (arrival ms, offset relative to the segment's
 * base), 12 bytes each, both strictly increasing. An entry is added with each offset-index
 * entry whose batch is newer than the last entry, and once more when the segment is
 * sealed, so the last entry of a sealed segment carries its newest arrival time.
 */
const TWO_32 = 0x1_0000_0000;

export class TimeIndex {
  static readonly ENTRY_BYTES = 12;
  private readonly timestamps: number[] = [];
  private readonly relOffsets: number[] = [];
  private written = 0;

  constructor(readonly baseOffset: number) {}

  static parse(baseOffset: number, bytes: Buffer): TimeIndex | undefined {
    if (bytes.length % TimeIndex.ENTRY_BYTES !== 0) return undefined;
    const index = new TimeIndex(baseOffset);
    for (let at = 0; at < bytes.length; at += TimeIndex.ENTRY_BYTES) {
      const ts = bytes.readUInt32LE(at) + bytes.readUInt32LE(at + 4) * TWO_32;
      const rel = bytes.readUInt32LE(at + 8);
      const n = index.timestamps.length;
      if (n > 0 && (ts <= index.timestamps[n - 1]! || rel <= index.relOffsets[n - 1]!)) return undefined;
      index.timestamps.push(ts);
      index.relOffsets.push(rel);
    }
    index.written = index.timestamps.length;
    return index;
  }

  get count(): number {
    return this.timestamps.length;
  }

  get firstTimestamp(): number | undefined {
    return this.timestamps[0];
  }

  get lastTimestamp(): number | undefined {
    return this.timestamps[this.timestamps.length - 1];
  }

  /** Adds an entry when `timestampMs` is newer than the last one; returns whether it did. */
  maybeAppend(timestampMs: number, offset: number): boolean {
    const last = this.lastTimestamp;
    if (last !== undefined && timestampMs <= last) return false;
    const lastRel = this.relOffsets[this.relOffsets.length - 1];
    if (lastRel !== undefined && offset - this.baseOffset <= lastRel) return false;
    this.timestamps.push(timestampMs);
    this.relOffsets.push(offset - this.baseOffset);
    return true;
  }

  /** Offset of the newest entry strictly older than `timestampMs`, or undefined when none is. */
  offsetBefore(timestampMs: number): number | undefined {
    let lo = 0;
    let hi = this.timestamps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid]! < timestampMs) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? undefined : this.baseOffset + this.relOffsets[found]!;
  }

  /** Keeps only entries whose offset is at most `offset`. */
  truncateAfter(offset: number): void {
    let n = this.relOffsets.length;
    while (n > 0 && this.baseOffset + this.relOffsets[n - 1]! > offset) n--;
    this.timestamps.length = n;
    this.relOffsets.length = n;
    this.written = Math.min(this.written, n);
  }

  unwritten(): { bytes: Buffer; position: number; upTo: number } | undefined {
    const n = this.timestamps.length;
    if (this.written >= n) return undefined;
    const bytes = Buffer.allocUnsafe((n - this.written) * TimeIndex.ENTRY_BYTES);
    for (let i = this.written, at = 0; i < n; i++, at += TimeIndex.ENTRY_BYTES) {
      const ts = this.timestamps[i]!;
      bytes.writeUInt32LE(ts >>> 0, at);
      bytes.writeUInt32LE(Math.floor(ts / TWO_32), at + 4);
      bytes.writeUInt32LE(this.relOffsets[i]!, at + 8);
    }
    return { bytes, position: this.written * TimeIndex.ENTRY_BYTES, upTo: n };
  }

  /** Entries in memory but not yet in the file. */
  get unwrittenCount(): number {
    return this.count - this.written;
  }

  markWritten(upTo: number): void {
    this.written = Math.max(this.written, upTo);
  }

  /** All entries as the file should hold them. */
  serialize(): Buffer {
    const written = this.written;
    this.written = 0;
    const all = this.unwritten();
    this.written = written;
    return all?.bytes ?? Buffer.alloc(0);
  }
}
