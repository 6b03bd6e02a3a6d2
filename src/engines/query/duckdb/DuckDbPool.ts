import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir } from 'node:fs/promises';
import { COMPATIBILITY_MACROS } from './compatibilityMacros.js';

export interface DuckDbPoolOptions {
  /** DuckDB worker threads for all queries together (leave a core to ingestion). */
  readonly threads: number;
  /** Connections that run queries; more queries than this wait for one. */
  readonly connections: number;
  readonly memoryLimitMiB: number;
  /** Where DuckDB spills big sorts and joins. */
  readonly tempDirectory: string;
  /** The only folders SQL may read or write (the lake and the temp folder). */
  readonly allowedDirectories: readonly string[];
  /** Enforce allowedDirectories inside DuckDB (defence in depth; DuckDB checks every path it opens, 10–13% of a query over ~3,000 small files). */
  readonly restrictFileAccess?: boolean;
}

/**
 * One DuckDB instance for every query, with a few connections. DuckDB runs each query on
 * its own threads (capped by `threads`), so queries never run on the event loop. A
 * separate control connection parses statements and reads file schemas, so planning does
 * not wait behind long queries. The configuration is locked after setup: SQL cannot
 * reopen file access, raise limits or load extensions.
 */
export class DuckDbPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: Array<(c: DuckDBConnection) => void> = [];
  private controlQueue: Promise<unknown> = Promise.resolve();
  private backgroundQueue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    connections: DuckDBConnection[],
    private readonly control: DuckDBConnection,
    private readonly background: DuckDBConnection,
  ) {
    this.idle = connections;
  }

  static async open(options: DuckDbPoolOptions): Promise<DuckDbPool> {
    await mkdir(options.tempDirectory, { recursive: true });
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: String(Math.max(1, options.threads)),
      memory_limit: `${options.memoryLimitMiB}MiB`,
      temp_directory: options.tempDirectory,
    });
    const setup = await instance.connect();
    const dirs = [...options.allowedDirectories, options.tempDirectory].map((d) => `'${(d.endsWith('/') ? d : `${d}/`).replaceAll("'", "''")}'`);
    const statements = [
      // GLOBAL: every connection, not just this one
      "SET GLOBAL TimeZone = 'UTC'",
      'SET GLOBAL integer_division = true', // Trino: 5 / 2 = 2
      'SET GLOBAL parquet_metadata_cache = true', // footers of files already seen are not read again
      ...COMPATIBILITY_MACROS,
      ...(options.restrictFileAccess === false ? [] : [`SET allowed_directories = [${dirs.join(', ')}]`, 'SET enable_external_access = false']),
    ];
    for (const sql of statements) await setup.run(sql);
    const connect = async () => {
      const c = await instance.connect();
      // per connection: progress is tracked (and polled), never printed
      await c.run('SET enable_progress_bar = true');
      await c.run('SET enable_progress_bar_print = false');
      return c;
    };
    const connections: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, options.connections); i++) connections.push(await connect());
    const control = await connect();
    const background = await connect();
    await setup.run('SET lock_configuration = true');
    setup.closeSync();
    return new DuckDbPool(instance, connections, control, background);
  }

  /** Waits for a free connection; give it back with `release`. */
  async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the query engine is closed');
    const c = this.idle.pop();
    if (c) return c;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }

  /** Runs short work (parsing, schema reads) on the control connection, one at a time. */
  withControl<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.controlQueue.then(() => work(this.control));
    this.controlQueue = run.catch(() => undefined);
    return run;
  }

  /** Runs background work (compaction) on its own connection, one at a time: it never takes a query's place. */
  withBackground<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.backgroundQueue.then(() => work(this.background));
    this.backgroundQueue = run.catch(() => undefined);
    return run;
  }

  /** DuckDB's parse tree of a query (json_serialize_sql), or its syntax error. */
  parse(sql: string): Promise<unknown> {
    return this.withControl(async (c) => {
      const reader = await c.runAndReadAll(`SELECT json_serialize_sql(${"'" + sql.replaceAll("'", "''") + "'"})`);
      return JSON.parse(String(reader.getRows()[0]?.[0])) as unknown;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.idle) c.closeSync();
    this.control.closeSync();
    this.background.closeSync();
    this.instance.closeSync();
  }
}
