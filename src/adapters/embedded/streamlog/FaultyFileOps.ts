/**
 * Test seam: FileOps that forwards to the real file system but can fail chosen operations
 * with chosen error codes, run out of space after a number of bytes (short write, then
 * ENOSPC, as Linux does), count operations, and call a hook before each one.
 */
import type { FileOps, LogFile } from './FileOps.js';
import { NodeFileOps } from './NodeFileOps.js';

export type FileOp = 'open' | 'write' | 'read' | 'datasync' | 'sync' | 'truncate' | 'syncDirectory' | 'remove';

interface Fault {
  readonly op: FileOp;
  readonly code: string;
  readonly pathIncludes: string;
  remaining: number;
}

export class FaultyFileOps implements FileOps {
  private faults: Fault[] = [];
  /** Bytes that writes may still add; undefined means unlimited. */
  spaceLeftBytes: number | undefined;
  /** Calls per operation and path fragment, for assertions such as "one fdatasync per round". */
  readonly calls: { op: FileOp; path: string }[] = [];
  /** Called before every operation (after it is counted), e.g. to append while a round is in flight. */
  beforeOp: ((op: FileOp, path: string) => void) | undefined;

  constructor(private readonly inner: FileOps = new NodeFileOps()) {}

  /** The next `times` calls of `op` on a path containing `pathIncludes` fail with `code`. */
  inject(op: FileOp, code: string, options: { pathIncludes?: string; times?: number } = {}): void {
    this.faults.push({ op, code, pathIncludes: options.pathIncludes ?? '', remaining: options.times ?? 1 });
  }

  /** Removes armed faults and restores unlimited space: "space returns". */
  heal(): void {
    this.faults = [];
    this.spaceLeftBytes = undefined;
  }

  count(op: FileOp, pathIncludes = ''): number {
    return this.calls.filter((c) => c.op === op && c.path.includes(pathIncludes)).length;
  }

  async open(path: string, mode: 'create' | 'existing'): Promise<LogFile> {
    this.check('open', path);
    return this.wrap(await this.inner.open(path, mode));
  }

  makeDirectory(path: string): Promise<boolean> {
    return this.inner.makeDirectory(path);
  }

  async syncDirectory(path: string): Promise<void> {
    this.check('syncDirectory', path);
    await this.inner.syncDirectory(path);
  }

  list(path: string): Promise<string[]> {
    return this.inner.list(path);
  }

  async remove(path: string): Promise<void> {
    this.check('remove', path);
    await this.inner.remove(path);
  }

  removeTree(path: string): Promise<void> {
    return this.inner.removeTree(path);
  }

  private check(op: FileOp, path: string): void {
    this.calls.push({ op, path });
    this.beforeOp?.(op, path);
    const fault = this.faults.find((f) => f.op === op && f.remaining > 0 && path.includes(f.pathIncludes));
    if (fault === undefined) return;
    fault.remaining--;
    throw Object.assign(new Error(`${fault.code}: injected fault on ${op} ${path}`), { code: fault.code });
  }

  private wrap(file: LogFile): LogFile {
    const ops = this;
    return {
      path: file.path,
      async write(buffers, position) {
        ops.check('write', file.path);
        const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
        if (ops.spaceLeftBytes === undefined || total <= ops.spaceLeftBytes) {
          if (ops.spaceLeftBytes !== undefined) ops.spaceLeftBytes -= total;
          return file.write(buffers, position);
        }
        if (ops.spaceLeftBytes === 0) throw Object.assign(new Error('ENOSPC: no space left (injected)'), { code: 'ENOSPC' });
        // Short write of what still fits, as write(2) does when the disk fills up.
        const fits = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))).subarray(0, ops.spaceLeftBytes);
        ops.spaceLeftBytes = 0;
        return file.write([fits], position);
      },
      async read(into, position) {
        ops.check('read', file.path);
        return file.read(into, position);
      },
      async datasync() {
        ops.check('datasync', file.path);
        await file.datasync();
      },
      async sync() {
        ops.check('sync', file.path);
        await file.sync();
      },
      async truncate(length) {
        ops.check('truncate', file.path);
        await file.truncate(length);
      },
      size: () => file.size(),
      close: () => file.close(),
    };
  }
}
