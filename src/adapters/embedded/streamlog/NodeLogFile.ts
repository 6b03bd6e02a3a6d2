import type { FileHandle } from 'node:fs/promises';
import type { LogFile } from './FileOps.js';

/** A LogFile over an fs.promises FileHandle. */
export class NodeLogFile implements LogFile {
  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  async write(buffers: readonly Uint8Array[], position: number): Promise<number> {
    const { bytesWritten } = await this.handle.writev(buffers as Uint8Array[], position);
    return bytesWritten;
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    let total = 0;
    while (total < into.byteLength) {
      const { bytesRead } = await this.handle.read(into, total, into.byteLength - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total;
  }

  datasync(): Promise<void> {
    return this.handle.datasync();
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
