/**
 * The file operations the stream log uses, behind one seam so that tests can inject
 * disk-full and I/O errors at exact points (see FaultyFileOps).
 */

/** An open file read and written at explicit positions. */
export interface LogFile {
  readonly path: string;
  /** Writes the buffers in order at `position`; may write fewer bytes than given and returns how many it wrote. */
  write(buffers: readonly Uint8Array[], position: number): Promise<number>;
  /** Fills `into` from `position`; returns fewer bytes only at the end of the file. */
  read(into: Uint8Array, position: number): Promise<number>;
  /** fdatasync: the data and the size are on disk when this resolves. */
  datasync(): Promise<void>;
  /** fsync. */
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export interface FileOps {
  /** Opens for reading and writing; 'create' creates or empties the file, 'existing' fails with ENOENT when it is missing. */
  open(path: string, mode: 'create' | 'existing'): Promise<LogFile>;
  /** Creates one directory level; resolves true when it was created, false when it existed. */
  makeDirectory(path: string): Promise<boolean>;
  /** fsync of a directory, making created, renamed and removed entries durable. */
  syncDirectory(path: string): Promise<void>;
  /** Names in a directory; empty when the directory is missing. */
  list(path: string): Promise<string[]>;
  /** Removes a file; no error when it is already gone. */
  remove(path: string): Promise<void>;
  /** Removes a directory and everything under it; no error when it is already gone. */
  removeTree(path: string): Promise<void>;
}

/** Writes every byte of `buffers` at `position`, continuing after short writes. */
export async function writeFully(file: LogFile, buffers: readonly Uint8Array[], position: number): Promise<void> {
  let rest = buffers;
  let remaining = rest.reduce((sum, b) => sum + b.byteLength, 0);
  while (remaining > 0) {
    const written = await file.write(rest, position);
    if (written === remaining) return;
    if (written <= 0) {
      throw Object.assign(new Error(`write made no progress on ${file.path}`), { code: 'EIO' });
    }
    position += written;
    remaining -= written;
    rest = dropBytes(rest, written);
  }
}

function dropBytes(buffers: readonly Uint8Array[], count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of buffers) {
    if (count >= b.byteLength) {
      count -= b.byteLength;
      continue;
    }
    out.push(count > 0 ? b.subarray(count) : b);
    count = 0;
  }
  return out;
}

/** Reads a whole (small) file, such as an index. */
export async function readWhole(file: LogFile): Promise<Buffer> {
  const size = await file.size();
  const buf = Buffer.allocUnsafe(size);
  const got = await file.read(buf, 0);
  return buf.subarray(0, got);
}

export function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}
