import { dirname, join } from 'node:path';
import type { ShardLog, StreamLogStore } from '../../../engines/streams/ports.js';
import { LogUnavailableError } from '../../../engines/streams/ports.js';
import type { FileOps } from './FileOps.js';
import { errorCode } from './FileOps.js';
import { GroupCommitter } from './GroupCommitter.js';
import type { SegmentedLogOptions } from './SegmentedLogOptions.js';
import { resolveLogOptions } from './SegmentedLogOptions.js';
import { SegmentedShardLog } from './SegmentedShardLog.js';
import type { ShardContext } from './SegmentedShardLog.js';

/** Stream and shard ids become directory names, so they are held to a safe alphabet. */
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/**
 * The embedded stream log: `<dir>/<streamId>/<shardId>/` per shard, each a segmented log
 * (see SegmentedShardLog). One group committer serves every shard of the store.
 */
export class SegmentedLogStore implements StreamLogStore {
  private readonly shards = new Map<string, Promise<SegmentedShardLog>>();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly ctx: ShardContext,
  ) {}

  static async open(dir: string, options?: SegmentedLogOptions): Promise<SegmentedLogStore> {
    const resolved = resolveLogOptions(options);
    await ensureDirectory(resolved.fileOps, dir);
    return new SegmentedLogStore(dir, {
      options: resolved,
      committer: new GroupCommitter(),
    });
  }

  openShard(streamId: string, shardId: string): Promise<ShardLog> {
    return this.openShardLog(streamId, shardId);
  }

  /** Same as openShard, typed as the concrete class. */
  async openShardLog(streamId: string, shardId: string): Promise<SegmentedShardLog> {
    if (this.closed) throw new LogUnavailableError('stream log store is closed', 'closed');
    checkName('stream id', streamId);
    checkName('shard id', shardId);
    const key = `${streamId}/${shardId}`;
    const existing = this.shards.get(key);
    if (existing !== undefined) return existing;
    const opening = (async () => {
      const dir = join(this.dir, streamId, shardId);
      await ensureDirectory(this.ctx.options.fileOps, dir);
      return SegmentedShardLog.open(this.ctx, dir);
    })();
    this.shards.set(key, opening);
    opening.catch(() => {
      if (this.shards.get(key) === opening) this.shards.delete(key);
    });
    return opening;
  }

  async deleteStream(streamId: string): Promise<void> {
    checkName('stream id', streamId);
    const prefix = `${streamId}/`;
    for (const [key, opening] of [...this.shards]) {
      if (!key.startsWith(prefix)) continue;
      this.shards.delete(key);
      const log = await opening.catch(() => undefined);
      await log?.close();
    }
    await this.ctx.options.fileOps.removeTree(join(this.dir, streamId));
    await this.ctx.options.fileOps.syncDirectory(this.dir);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ctx.committer.idle();
    const logs = await Promise.allSettled(this.shards.values());
    await Promise.all(logs.map((r) => (r.status === 'fulfilled' ? r.value.close() : undefined)));
    this.shards.clear();
  }
}

function checkName(what: string, name: string): void {
  if (!SAFE_NAME.test(name) || name === '.' || name === '..') {
    throw new RangeError(`${what} ${JSON.stringify(name)} must be 1-255 characters of A-Z, a-z, 0-9, '_', '.', '-'`);
  }
}

/** mkdir -p that fsyncs the parent of every directory it creates. */
async function ensureDirectory(fileOps: FileOps, path: string): Promise<void> {
  let created: boolean;
  try {
    created = await fileOps.makeDirectory(path);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT' || dirname(path) === path) throw err;
    await ensureDirectory(fileOps, dirname(path));
    created = await fileOps.makeDirectory(path);
  }
  if (created) await fileOps.syncDirectory(dirname(path));
}
