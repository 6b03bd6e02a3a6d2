import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogEngine } from '../../catalog/CatalogEngine.js';
import type { TableDefinition } from '../../catalog/Table.js';
import type { Lake } from '../../lake/Lake.js';
import type { DuckDbPool } from '../duckdb/DuckDbPool.js';
import { quoteString } from '../sql/tokenize.js';
import type { LakeFile, LakeFileLister } from '../tables/LakeFileLister.js';
import { PartitionProjection } from '../tables/PartitionProjection.js';
import { parseS3Location, type LakeLocation } from '../tables/s3Location.js';
import { tableFormat } from '../tables/TableFormat.js';
import { planCompaction, type CompactionPolicy, type CompactionTask } from './CompactionPlanner.js';

export interface CompactorOptions extends CompactionPolicy {
  readonly intervalMs: number;
  /** Scratch folder for merged files before they enter the lake. */
  readonly scratchDir: string;
  readonly now?: () => number;
  readonly onEvent?: (event: CompactionEvent) => void;
}

export type CompactionEvent =
  | { readonly kind: 'compacted'; readonly table: string; readonly bucket: string; readonly folder: string; readonly inputs: number; readonly outputKey: string; readonly inputBytes: number; readonly outputBytes: number }
  | { readonly kind: 'failed'; readonly table: string; readonly bucket: string; readonly folder: string; readonly error: string };

export interface CompactionReport {
  readonly merged: number;
  readonly filesRemoved: number;
  readonly failed: number;
}

/** Set on a table (TBLPROPERTIES) to keep the compactor away from it. */
export const COMPACTION_PROPERTY = 'lakehose.compaction';

/**
 * Merges the many small Parquet files that short delivery buffers leave into larger ones,
 * folder by folder (a folder is a partition, or an hour of Firehose's yyyy/MM/dd/HH
 * layout), in the background. DuckDB writes the merged file outside the lake; the lake's
 * replaceObjects then puts it and deletes its inputs as one change, so a query — which
 * holds a snapshot lease on the bucket while it lists and reads — sees either the small
 * files or the merged one, never both and never neither.
 */
export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CompactionReport> | undefined;
  private closed = false;

  constructor(
    private readonly lake: Lake,
    private readonly catalog: CatalogEngine,
    private readonly pool: DuckDbPool,
    private readonly lister: LakeFileLister,
    private readonly options: CompactorOptions,
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.runOnce()
          .catch(() => undefined)
          .finally(() => {
            if (!this.closed) tick();
          });
      }, this.options.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  /** One pass over every Parquet table; concurrent calls share the pass. */
  runOnce(): Promise<CompactionReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<CompactionReport> {
    let merged = 0;
    let filesRemoved = 0;
    let failed = 0;
    for (const table of this.tables()) {
      const files = await this.filesOf(table);
      for (const task of planCompaction(files, this.options, (this.options.now ?? Date.now)())) {
        if (this.closed) break;
        try {
          await this.compact(table, task);
          merged++;
          filesRemoved += task.inputs.length;
        } catch (e) {
          failed++;
          this.options.onEvent?.({ kind: 'failed', table: `${table.databaseName}.${table.name}`, bucket: task.bucket, folder: task.folder, error: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
        }
      }
    }
    return { merged, filesRemoved, failed };
  }

  private *tables(): Generator<TableDefinition> {
    for (const d of this.catalog.listDatabases()) {
      for (const t of this.catalog.listTables(d.name)) {
        if ((t.parameters[COMPACTION_PROPERTY] ?? '').toLowerCase() === 'false' || !t.storage.location) continue;
        try {
          if (tableFormat(t).kind === 'parquet') yield t;
        } catch {
          // a format the engine cannot read is not compacted either
        }
      }
    }
  }

  /** Every file of a table: under its location, its projection's places and its partitions'. */
  private async filesOf(table: TableDefinition): Promise<LakeFile[]> {
    const roots = new Map<string, LakeLocation>();
    const add = (uri: string) => {
      try {
        const loc = parseS3Location(uri);
        roots.set(`${loc.bucket}/${loc.prefix}`, loc);
      } catch {
        // not a lake location
      }
    };
    add(table.storage.location!);
    try {
      const projection = PartitionProjection.of(table);
      if (projection) add(projection.staticPrefix);
    } catch {
      // misconfigured projection: queries report it
    }
    if (table.partitionKeys.length > 0) {
      let after: readonly string[] | undefined;
      do {
        const page = this.catalog.getPartitions(table.databaseName, table.name, after ? { after } : {});
        for (const p of page.partitions) if (p.storage.location) add(p.storage.location);
        after = page.next;
      } while (after);
    }
    // nested roots would list files twice
    const list = [...roots.values()].filter((r) => ![...roots.values()].some((o) => o !== r && o.bucket === r.bucket && r.prefix.startsWith(o.prefix) && o.prefix !== r.prefix));
    const seen = new Set<string>();
    const files: LakeFile[] = [];
    for (const root of list) {
      for (const f of await this.lister.listRecursive(root)) {
        if (seen.has(f.path)) continue;
        seen.add(f.path);
        files.push(f);
      }
    }
    return files;
  }

  private async compact(table: TableDefinition, task: CompactionTask): Promise<void> {
    // named after what it holds: compacting the same inputs again writes the same object
    const digest = createHash('sha256')
      .update(task.inputs.map((f) => f.key).join('\n'))
      .digest('hex')
      .slice(0, 20);
    const outputKey = `${task.folder}compacted-${digest}.parquet`;
    await mkdir(this.options.scratchDir, { recursive: true });
    const scratch = join(this.options.scratchDir, `compact-${digest}.parquet`);
    try {
      const list = task.inputs.map((f) => quoteString(f.path)).join(', ');
      await this.pool.withBackground(async (c) => {
        await c.run(`COPY (SELECT * FROM read_parquet([${list}], union_by_name = true)) TO ${quoteString(scratch)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
      });
      const info = await this.lake.replaceObjects(task.bucket, [{ key: outputKey, body: createReadStream(scratch) }], task.inputs.map((f) => f.key));
      this.options.onEvent?.({
        kind: 'compacted',
        table: `${table.databaseName}.${table.name}`,
        bucket: task.bucket,
        folder: task.folder,
        inputs: task.inputs.length,
        outputKey,
        inputBytes: task.inputs.reduce((n, f) => n + f.size, 0),
        outputBytes: info[0]?.size ?? 0,
      });
    } finally {
      await rm(scratch, { force: true });
    }
  }
}
