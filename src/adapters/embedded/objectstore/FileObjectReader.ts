/** An open data file and the description of that very version: overwrites after opening do not affect it. */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteRange, ObjectInfo, ObjectReader } from '../../../engines/lake/ports.js';

const READ_CHUNK_BYTES = 1024 * 1024;

export class FileObjectReader implements ObjectReader {
  private released = false;

  constructor(
    private readonly file: FileHandle,
    readonly info: ObjectInfo,
  ) {}

  stream(range?: ByteRange): Readable {
    if (this.released) throw new Error('ObjectReader.stream may be called once, before close');
    this.released = true;
    const start = range?.start ?? 0;
    const end = range?.end ?? this.info.size - 1;
    if (end < start) {
      void this.file.close();
      return Readable.from([]);
    }
    // Positional reads from the handle; it closes when the stream ends or is destroyed.
    return this.file.createReadStream({ start, end, highWaterMark: READ_CHUNK_BYTES, autoClose: true });
  }

  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.file.close();
  }
}
