import { constants } from 'node:fs';
import { mkdir, open, readdir, rm, unlink } from 'node:fs/promises';
import type { FileOps, LogFile } from './FileOps.js';
import { errorCode } from './FileOps.js';
import { NodeLogFile } from './NodeLogFile.js';

/** FileOps on the local file system through fs.promises, so every sync runs on the libuv threadpool. */
export class NodeFileOps implements FileOps {
  async open(path: string, mode: 'create' | 'existing'): Promise<LogFile> {
    const flags =
      mode === 'create' ? constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC : constants.O_RDWR;
    return new NodeLogFile(path, await open(path, flags, 0o644));
  }

  async makeDirectory(path: string): Promise<boolean> {
    try {
      await mkdir(path);
      return true;
    } catch (err) {
      if (errorCode(err) === 'EEXIST') return false;
      throw err;
    }
  }

  async syncDirectory(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async list(path: string): Promise<string[]> {
    try {
      return await readdir(path);
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return [];
      throw err;
    }
  }

  async remove(path: string): Promise<void> {
    try {
      await unlink(path);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }

  async removeTree(path: string): Promise<void> {
    await rm(path, { recursive: true, force: true });
  }
}
