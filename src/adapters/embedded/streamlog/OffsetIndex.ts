/**
 * Sparse offset index of one segment: entries (offset relative to the segment's base, byte
 * position of the batch that starts at that offset), 8 bytes each, strictly increasing in
 * both. The first batch of a segment is always indexed. Kept in memory; the file is a
 * copy that recovery checks against the log and rebuilds when it is damaged.
 */
export class OffsetIndex {
  static readonly ENTRY_BYTES = 8;
  private readonly relOffsets: number[] = [];
  private readonly positions: number[] = [];
  /** Entries already written to the file. */
  private written = 0;

  constructor(readonly baseOffset: number) {}

  /** Parses an index file; undefined when it is not a well-formed index for this segment. */
  static parse(baseOffset: number, bytes: Buffer): OffsetIndex | undefined {
    if (bytes.length % OffsetIndex.ENTRY_BYTES !== 0) return undefined;
    const index = new OffsetIndex(baseOffset);
    for (let at = 0; at < bytes.length; at += OffsetIndex.ENTRY_BYTES) {
      const rel = bytes.readUInt32LE(at);
      const position = bytes.readUInt32LE(at + 4);
      const n = index.relOffsets.length;
      if (n === 0 ? rel !== 0 || position !== 0 : rel <= index.relOffsets[n - 1]! || position <= index.positions[n - 1]!) {
        return undefined;
      }
      index.relOffsets.push(rel);
      index.positions.push(position);
    }
    index.written = index.relOffsets.length;
    return index;
  }

  get count(): number {
    return this.relOffsets.length;
  }

  offsetAt(i: number): number {
    return this.baseOffset + this.relOffsets[i]!;
  }

  positionAt(i: number): number {
    return this.positions[i]!;
  }

  append(offset: number, position: number): void {
    this.relOffsets.push(offset - this.baseOffset);
    this.positions.push(position);
  }

  /** The indexed batch at or before `offset`: where a scan for `offset` starts. */
  lookup(offset: number): { offset: number; position: number } {
    const rel = offset - this.baseOffset;
    let lo = 0;
    let hi = this.relOffsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relOffsets[mid]! <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0
      ? { offset: this.baseOffset, position: 0 }
      : { offset: this.baseOffset + this.relOffsets[found]!, position: this.positions[found]! };
  }

  /** Keeps the first `count` entries. */
  truncate(count: number): void {
    this.relOffsets.length = Math.min(count, this.relOffsets.length);
    this.positions.length = this.relOffsets.length;
    this.written = Math.min(this.written, this.relOffsets.length);
  }

  /** Entries not yet in the file, and the file position they go to. */
  unwritten(): { bytes: Buffer; position: number; upTo: number } | undefined {
    const n = this.relOffsets.length;
    if (this.written >= n) return undefined;
    const bytes = Buffer.allocUnsafe((n - this.written) * OffsetIndex.ENTRY_BYTES);
    for (let i = this.written, at = 0; i < n; i++, at += OffsetIndex.ENTRY_BYTES) {
      bytes.writeUInt32LE(this.relOffsets[i]!, at);
      bytes.writeUInt32LE(this.positions[i]!, at + 4);
    }
    return { bytes, position: this.written * OffsetIndex.ENTRY_BYTES, upTo: n };
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
