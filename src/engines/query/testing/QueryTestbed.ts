import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileObjectStore } from '../../../adapters/embedded/objectstore/FileObjectStore.js';
import { MemoryDocumentStore } from '../../../adapters/memory/MemoryDocumentStore.js';
import { CatalogEngine } from '../../catalog/CatalogEngine.js';
import { DocumentCatalogStore } from '../../catalog/DocumentCatalogStore.js';
import { Lake } from '../../lake/Lake.js';
import type { QueryExecutionRecord } from '../QueryExecution.js';
import { QueryEngine, type QueryEngineOptions, type StartQueryRequest } from '../QueryEngine.js';

export interface RunResult {
  readonly record: QueryExecutionRecord;
  /** Data rows (the header row removed), values as Athena returns them. */
  readonly rows: Array<Array<string | null>>;
  readonly columns: string[];
  readonly types: string[];
}

/**
 * A query engine over a throwaway data directory: a real file lake, a catalog in memory,
 * an output bucket `results`. For unit tests of the engine and what it builds on.
 */
export class QueryTestbed {
  private scratchDb: DuckDBInstance | undefined;

  private constructor(
    readonly dir: string,
    readonly store: FileObjectStore,
    readonly lake: Lake,
    readonly catalog: CatalogEngine,
    readonly documents: MemoryDocumentStore,
    readonly engine: QueryEngine,
    private readonly ownsDir: boolean,
  ) {}

  static async create(options: Partial<QueryEngineOptions> = {}, documents = new MemoryDocumentStore(), dir?: string): Promise<QueryTestbed> {
    const root = dir ?? (await mkdtemp(join(tmpdir(), 'lakehose-query-')));
    const store = await FileObjectStore.open({ dataDir: root });
    const lake = new Lake(store);
    await lake.ensureBucket('results');
    const catalog = await CatalogEngine.open(new DocumentCatalogStore(documents));
    if (!catalog.findDatabase('default')) await catalog.createDatabase({ name: 'default' });
    const engine = await QueryEngine.open(
      { lake, catalog, documents },
      {
        dataDir: root,
        threads: 1,
        memoryLimitMiB: 512,
        maxConcurrent: 2,
        maxQueued: 10,
        timeoutSeconds: 60,
        maxResultMiB: 64,
        historyLimit: 1000,
        defaultOutputLocation: 's3://results/',
        ...options,
      },
    );
    return new QueryTestbed(root, store, lake, catalog, documents, engine, dir === undefined);
  }

  /** Starts a query and waits for it to finish. */
  async run(query: string, request: Omit<StartQueryRequest, 'query'> = {}): Promise<RunResult> {
    const started = await this.engine.start({ query, ...request });
    const record = await this.engine.whenFinished(started.id);
    if (record.state !== 'SUCCEEDED') return { record, rows: [], columns: [], types: [] };
    const rows: Array<Array<string | null>> = [];
    let offset: number | undefined = 0;
    let columns: string[] = [];
    let types: string[] = [];
    let first = true;
    while (offset !== undefined) {
      const page = await this.engine.results(record.id, offset, 1000);
      columns = page.columns.map((c) => c.name);
      types = page.columns.map((c) => c.type);
      rows.push(...(first && page.hasHeader ? page.rows.slice(1) : page.rows));
      first = false;
      offset = page.next;
    }
    return { record, rows, columns, types };
  }

  /** Runs a query that must succeed; returns its rows. */
  async rows(query: string, request: Omit<StartQueryRequest, 'query'> = {}): Promise<Array<Array<string | null>>> {
    const r = await this.run(query, request);
    if (r.record.state !== 'SUCCEEDED') throw new Error(`query failed: ${r.record.stateChangeReason ?? r.record.state}\n${query}`);
    return r.rows;
  }

  /** Writes the rows of a DuckDB query as a Parquet (or other COPY format) object in the lake. */
  async writeObject(bucket: string, key: string, sql: string, format = 'parquet'): Promise<void> {
    await this.lake.ensureBucket(bucket);
    this.scratchDb ??= await DuckDBInstance.create(':memory:', { threads: '1' });
    const c = await this.scratchDb.connect();
    const file = join(this.dir, `scratch-${Math.random().toString(36).slice(2)}.${format}`);
    try {
      await c.run(`COPY (${sql}) TO '${file}' (FORMAT ${format})`);
      await this.lake.putObject(bucket, key, await readFile(file));
    } finally {
      c.closeSync();
      await rm(file, { force: true });
    }
  }

  async putText(bucket: string, key: string, text: string): Promise<void> {
    await this.lake.ensureBucket(bucket);
    await this.lake.putObject(bucket, key, Buffer.from(text));
  }

  async close(): Promise<void> {
    await this.engine.close();
    await this.catalog.close?.();
    await this.store.close();
    this.scratchDb?.closeSync();
    if (this.ownsDir) await rm(this.dir, { recursive: true, force: true });
  }
}
