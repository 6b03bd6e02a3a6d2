import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CatalogEngine } from '../catalog/CatalogEngine.js';
import type { DocumentStore } from '../kernel/DocumentStore.js';
import type { Lake } from '../lake/Lake.js';
import { isLakeError } from '../lake/LakeError.js';
import { Compactor, type CompactorOptions } from './compaction/Compactor.js';
import { DuckDbPool } from './duckdb/DuckDbPool.js';
import { ExecutionHistory } from './ExecutionHistory.js';
import { dispatchStatement } from './execution/dispatchStatement.js';
import { QueryRun, type RunDependencies } from './execution/QueryRun.js';
import { failureOf, resultWriteFailure } from './failures.js';
import {
  EMPTY_STATISTICS,
  FINISHED_STATES,
  type QueryExecutionRecord,
  type QueryFailure,
  type QueryResult,
  type QueryState,
} from './QueryExecution.js';
import { QueryError } from './QueryError.js';
import { QueryScheduler } from './QueryScheduler.js';
import type { ResultColumn } from './results/athenaTypes.js';
import { ResultFiles, ResultTooLarge } from './results/ResultFiles.js';
import { NamedQueries, type NamedQuery } from './saved/NamedQueries.js';
import { PreparedStatements, type PreparedStatement } from './saved/PreparedStatements.js';
import { PRIMARY, WorkGroups, type WorkGroupDefinition } from './saved/WorkGroups.js';
import { DEFAULT_CATALOG, SqlCompiler } from './SqlCompiler.js';
import { substituteParameters } from './sql/parameters.js';
import { SourceMap } from './sql/SourceMap.js';
import { parseStatement } from './sql/parseStatement.js';
import { SqlError } from './sql/SqlError.js';
import { statementTypes, type Statement } from './sql/Statement.js';
import { FileSchemaCache } from './tables/FileSchemaCache.js';
import { LakeFileLister } from './tables/LakeFileLister.js';
import { parseS3Location } from './tables/s3Location.js';
import { TableScanPlanner } from './tables/TableScanPlanner.js';

export interface QueryEngineOptions {
  /** `<dataDir>/query` holds DuckDB's spill files and scratch output. */
  readonly dataDir: string;
  readonly threads: number;
  readonly memoryLimitMiB: number;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly timeoutSeconds: number;
  readonly maxResultMiB: number;
  /** Executions remembered (GetQueryExecution, ListQueryExecutions). */
  readonly historyLimit: number;
  /** Where results go when neither the request nor its work group says. */
  readonly defaultOutputLocation?: string | undefined;
  readonly defaultDatabase?: string;
  /** DuckDB may touch only the lake and its scratch folders (default true). */
  readonly restrictFileAccess?: boolean;
  readonly now?: () => number;
}

export interface QueryEngineDependencies {
  readonly lake: Lake;
  readonly catalog: CatalogEngine;
  readonly documents: DocumentStore;
  /** Where results are written and read, when not the lake the data is in (the CLI reading a data directory). */
  readonly resultsLake?: Lake;
  readonly onError?: (message: string, error: unknown) => void;
}

export interface StartQueryRequest {
  readonly query: string;
  readonly database?: string | undefined;
  readonly catalog?: string | undefined;
  readonly workGroup?: string | undefined;
  readonly outputLocation?: string | undefined;
  readonly executionParameters?: readonly string[] | undefined;
  readonly clientRequestToken?: string | undefined;
  /** ResultReuseByAgeConfiguration: reuse the newest matching result up to this many minutes old (0–10080). */
  readonly resultReuseMaxAgeMinutes?: number | undefined;
}

export interface ResultsPage {
  readonly columns: readonly ResultColumn[];
  readonly rows: Array<Array<string | null>>;
  /** Byte offset of the next page, or undefined. */
  readonly next: number | undefined;
  readonly updateCount?: number;
  /** True for query results (header row on the first page). */
  readonly hasHeader: boolean;
}

/** A statement ready to run: parsed, with its text after parameters were put in. */
interface Prepared {
  readonly statement: Statement;
  readonly text: string;
  readonly toOriginal: (offset: number) => number;
}

/**
 * Athena's query engine on DuckDB: executions (start, poll, stop, page through results),
 * work groups, named queries and prepared statements. Queries run in the background,
 * a few at a time; their records survive restarts.
 */
export class QueryEngine {
  private readonly runs = new Map<string, QueryRun>();
  private closed = false;
  /** Executions whose final state is being written. */
  private readonly finishing = new Set<string>();
  private compaction: Compactor | undefined;
  private readonly waiters = new Map<string, Array<(r: QueryExecutionRecord) => void>>();

  private constructor(
    private readonly deps: QueryEngineDependencies,
    private readonly options: QueryEngineOptions,
    private readonly pool: DuckDbPool,
    private readonly history: ExecutionHistory,
    private readonly scheduler: QueryScheduler,
    private readonly runDeps: RunDependencies,
    readonly workGroups: WorkGroups,
    readonly namedQueries: NamedQueries,
    readonly preparedStatements: PreparedStatements,
    readonly lister: LakeFileLister,
  ) {}

  static async open(deps: QueryEngineDependencies, options: QueryEngineOptions): Promise<QueryEngine> {
    const now = options.now ?? Date.now;
    const lakeRoot = lakeRootOf(deps.lake, options.dataDir);
    const scratchDir = join(options.dataDir, 'query', 'scratch');
    const pool = await DuckDbPool.open({
      threads: options.threads,
      connections: options.maxConcurrent,
      memoryLimitMiB: options.memoryLimitMiB,
      tempDirectory: join(options.dataDir, 'query', 'spill'),
      allowedDirectories: [lakeRoot, scratchDir],
      restrictFileAccess: options.restrictFileAccess ?? true,
    });
    try {
      const history: ExecutionHistory = await ExecutionHistory.open(deps.documents.collection('query-executions'), deps.documents.collection('query-request-tokens'), {
        limit: options.historyLimit,
        now: now(),
      });
      history.onError = (e) => deps.onError?.('could not record a query execution', e);
      const workGroups = await WorkGroups.open(deps.documents.collection('query-workgroups'), now());
      const namedQueries = await NamedQueries.open(deps.documents.collection('query-named-queries'));
      const prepared = await PreparedStatements.open(deps.documents.collection('query-prepared-statements'));
      const lister = new LakeFileLister(deps.lake);
      const planner = new TableScanPlanner(deps.lake, deps.catalog, lister, new FileSchemaCache(pool), { now });
      const localToUri = localPathsAsUris(lakeRoot);
      const runDeps: RunDependencies = {
        pool,
        catalog: deps.catalog,
        lake: deps.lake,
        compiler: new SqlCompiler(pool, deps.catalog, planner),
        results: new ResultFiles(deps.resultsLake ?? deps.lake),
        lister,
        prepared,
        scratchDir,
        maxResultBytes: options.maxResultMiB * 1024 * 1024,
        localToUri,
        now,
      };
      const scheduler = new QueryScheduler(options.maxConcurrent, options.maxQueued, options.timeoutSeconds * 1000);
      return new QueryEngine(deps, options, pool, history, scheduler, runDeps, workGroups, namedQueries, prepared, lister);
    } catch (e) {
      await pool.close();
      throw e;
    }
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  // ---- executions ----

  async start(request: StartQueryRequest): Promise<QueryExecutionRecord> {
    if (this.closed) throw new QueryError('Unavailable', 'Lakehose is shutting down');
    const workGroup = this.workGroups.get(request.workGroup ?? PRIMARY);
    if (workGroup.state === 'DISABLED') throw new QueryError('InvalidRequest', `WorkGroup ${workGroup.name} is disabled.`, 'INVALID_INPUT');
    const catalog = request.catalog ?? DEFAULT_CATALOG;
    if (catalog.toLowerCase() !== DEFAULT_CATALOG) throw new QueryError('InvalidRequest', `Catalog ${catalog} was not found.`, 'INVALID_INPUT');
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([request.query, request.database, request.workGroup, request.outputLocation, request.executionParameters]))
      .digest('hex');
    if (request.clientRequestToken !== undefined) {
      const seen = this.history.byToken(request.clientRequestToken);
      if (seen) {
        if (seen.fingerprint !== fingerprint) {
          throw new QueryError('InvalidRequest', 'Idempotent parameters do not match: this ClientRequestToken was used with another request', 'INVALID_INPUT');
        }
        const record = this.history.get(seen.id);
        if (record) return record;
      }
    }
    const output = await this.outputFolder(request.outputLocation, workGroup);
    if (!this.scheduler.hasRoom()) {
      throw new QueryError('TooManyRequests', `You have exceeded the limit for the number of queries you can run concurrently (${this.options.maxConcurrent} running, ${this.options.maxQueued} queued). Reduce the number of concurrent queries or try again later.`);
    }
    const id = randomUUID();
    const submittedAtMs = this.now;
    let prepared: Prepared | undefined;
    let failure: SqlError | undefined;
    try {
      prepared = this.prepare(request.query, request.executionParameters ?? [], workGroup.name);
    } catch (e) {
      if (!(e instanceof SqlError)) throw e;
      failure = e;
    }
    const reuseAge = request.resultReuseMaxAgeMinutes;
    /** What every execution records of its request. */
    const asked = {
      id,
      query: request.query,
      ...(request.database !== undefined ? { database: request.database } : {}),
      catalog,
      workGroup: workGroup.name,
      ...(request.executionParameters ? { executionParameters: request.executionParameters } : {}),
      ...(request.clientRequestToken !== undefined ? { clientRequestToken: request.clientRequestToken } : {}),
      ...(reuseAge !== undefined ? { resultReuseMaxAgeMinutes: reuseAge } : {}),
      submittedAtMs,
    };
    const token = request.clientRequestToken !== undefined ? { value: request.clientRequestToken, fingerprint } : undefined;
    const reused = prepared && reuseAge !== undefined ? await this.reusableResult(request, prepared, output, workGroup.name, reuseAge) : undefined;
    if (reused) return this.recordReuse(asked, reused, token);
    const types = prepared ? statementTypes(innerKind(prepared)) : { type: 'DML' as const, subtype: 'SELECT' };
    const extension = types.type === 'DML' ? 'csv' : 'txt';
    const record: QueryExecutionRecord = {
      ...asked,
      statementType: types.type,
      substatementType: types.subtype,
      outputLocation: `s3://${output.bucket}/${output.prefix}${id}.${extension}`,
      state: failure ? 'FAILED' : 'QUEUED',
      statistics: EMPTY_STATISTICS,
      ...(failure ? this.failed(failureOf(failure, request.query, false), submittedAtMs) : {}),
    };
    this.history.add(record, token);
    if (failure) return record;
    if (prepared) {
      const p = prepared;
      this.scheduler.submit({
        id,
        run: (signal) => this.execute(id, p, output, workGroup, signal),
        dropped: () => void this.finish(id, { state: 'CANCELLED', stateChangeReason: 'Query cancelled by user' }),
      });
    }
    return this.history.get(id)!;
  }

  get(id: string): QueryExecutionRecord {
    const r = this.history.get(id);
    if (!r) throw new QueryError('InvalidRequest', `QueryExecution ${id} was not found`, 'INVALID_INPUT');
    const run = this.runs.get(id);
    if (run && r.state === 'RUNNING') {
      // live numbers while it runs
      return { ...r, statistics: { ...r.statistics, dataScannedBytes: run.scannedBytes, filesScanned: run.scannedFiles, engineMs: Math.round(run.engineMs) } };
    }
    return r;
  }

  find(id: string): QueryExecutionRecord | undefined {
    return this.history.get(id);
  }

  /** Newest first. */
  list(workGroup?: string): QueryExecutionRecord[] {
    if (workGroup !== undefined) this.workGroups.get(workGroup);
    return this.history.list(workGroup);
  }

  /** Resolves with the record once the execution has finished (whatever the outcome). */
  whenFinished(id: string): Promise<QueryExecutionRecord> {
    const r = this.get(id);
    if (FINISHED_STATES.has(r.state)) return Promise.resolve(r);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  /**
   * The record, once the execution has finished or `waitMs` has passed, whichever comes
   * first. GetQueryExecution waits a little this way, so a client that polls slowly (the
   * lab's workflow waits 30 s between polls) sees a quick query done on its first poll.
   */
  async getSoon(id: string, waitMs: number): Promise<QueryExecutionRecord> {
    const r = this.get(id);
    if (FINISHED_STATES.has(r.state) || waitMs <= 0) return r;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenFinished(id), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return this.get(id);
  }

  /** DuckDB's progress (0–100) of a running query. */
  progress(id: string): number | undefined {
    return this.runs.get(id)?.progress;
  }

  /** Stops a queued or running query; a finished one is left as it is (as Athena does). */
  async stop(id: string): Promise<void> {
    const r = this.get(id);
    if (FINISHED_STATES.has(r.state)) return;
    const { ended } = this.scheduler.cancel(id);
    await this.finish(id, { state: 'CANCELLED', stateChangeReason: 'Query cancelled by user' });
    // DuckDB stops within moments of the interrupt; waiting for it frees the slot before we answer
    await Promise.race([ended, new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  async results(id: string, offset: number, maxRows: number): Promise<ResultsPage> {
    const r = this.get(id);
    if (r.state === 'QUEUED' || r.state === 'RUNNING') throw new QueryError('InvalidRequest', `Query has not yet finished. Current state: ${r.state}`, 'INVALID_INPUT');
    if (r.state !== 'SUCCEEDED' || !r.result) throw new QueryError('InvalidRequest', `Query did not finish successfully. Final query state: ${r.state}`, 'INVALID_INPUT');
    const result = r.result;
    const hasHeader = result.format === 'csv';
    if (result.updateCount !== undefined) return { columns: result.columns, rows: [], next: undefined, updateCount: result.updateCount, hasHeader: false };
    try {
      const page = await this.runDeps.results.readPage({ bucket: result.bucket, key: result.key }, result.format, offset, maxRows);
      return { columns: result.columns, rows: page.rows, next: page.next, hasHeader };
    } catch (e) {
      if (isLakeError(e, 'NoSuchKey') || isLakeError(e, 'NoSuchBucket')) {
        throw new QueryError('InvalidRequest', `The results of query ${id} are gone from s3://${result.bucket}/${result.key}`, 'INVALID_INPUT');
      }
      throw e;
    }
  }

  // ---- named queries and prepared statements need work groups to exist ----

  async createNamedQuery(input: Omit<NamedQuery, 'id'>): Promise<NamedQuery> {
    this.workGroups.get(input.workGroup);
    return this.namedQueries.create(input);
  }

  async putPreparedStatement(statement: Omit<PreparedStatement, 'lastModifiedMs'>, replace: boolean): Promise<void> {
    this.workGroups.get(statement.workGroup);
    try {
      parseStatement(statement.queryStatement);
    } catch (e) {
      if (e instanceof SqlError) throw new QueryError('InvalidRequest', e.render(statement.queryStatement), 'INVALID_INPUT');
      throw e;
    }
    await this.preparedStatements.put({ ...statement, lastModifiedMs: this.now }, replace);
  }

  async deleteWorkGroup(name: string, recursive: boolean): Promise<void> {
    this.workGroups.get(name);
    const busy = this.namedQueries.list(name).length + this.preparedStatements.list(name).length;
    if (busy > 0 && !recursive) throw new QueryError('InvalidRequest', `WorkGroup ${name} is not empty: delete its named queries and prepared statements or set RecursiveDeleteOption`, 'INVALID_INPUT');
    await this.namedQueries.deleteWorkGroup(name);
    await this.preparedStatements.deleteWorkGroup(name);
    await this.workGroups.delete(name);
  }

  /**
   * The compactor of the catalog's Parquet tables, on this engine's DuckDB; created on first
   * use with these options, started by `start()`, closed with the engine.
   */
  compactor(options?: Omit<CompactorOptions, 'scratchDir'>): Compactor | undefined {
    if (!this.compaction && options) {
      this.compaction = new Compactor(this.deps.lake, this.deps.catalog, this.pool, this.lister, { ...options, scratchDir: join(this.runDeps.scratchDir, 'compaction') });
    }
    return this.compaction;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compaction?.close();
    await this.scheduler.drain();
    await this.history.flush();
    await this.pool.close();
  }

  // ---- internals ----

  /**
   * Athena's result reuse: the newest SUCCEEDED execution of the same query text and
   * parameters in the same work group, database, catalog and output folder, finished at
   * most `maxAgeMinutes` ago, whose result object is still there. Only queries (SELECT, and
   * EXECUTE of one) without non-deterministic functions qualify. As in Athena, the source
   * data is not checked for changes.
   */
  private async reusableResult(
    request: StartQueryRequest,
    prepared: Prepared,
    output: { bucket: string; prefix: string },
    workGroup: string,
    maxAgeMinutes: number,
  ): Promise<QueryExecutionRecord | undefined> {
    if (prepared.statement.kind !== 'query' || NON_DETERMINISTIC.test(prepared.text)) return undefined;
    const oldest = this.now - maxAgeMinutes * 60_000;
    const parameters = JSON.stringify(request.executionParameters ?? []);
    // newest first, so the newest match wins (a long query submitted earlier may finish later: no early stop)
    for (const r of this.history.list(workGroup)) {
      const result = r.result;
      if (r.state !== 'SUCCEEDED' || !result || result.format !== 'csv' || (r.completedAtMs ?? 0) < oldest) continue;
      if (r.query !== request.query || JSON.stringify(r.executionParameters ?? []) !== parameters) continue;
      if (r.database !== request.database || r.catalog !== (request.catalog ?? DEFAULT_CATALOG)) continue;
      const folder = r.outputLocation?.slice(0, r.outputLocation.lastIndexOf('/') + 1);
      if (folder !== `s3://${output.bucket}/${output.prefix}`) continue;
      try {
        await (this.deps.resultsLake ?? this.deps.lake).headObject(result.bucket, result.key);
        return r;
      } catch {
        // deleted or moved: Athena runs the query again
      }
    }
    return undefined;
  }

  /** A new execution that answers with an earlier one's result: SUCCEEDED at once, nothing scanned. */
  private async recordReuse(
    asked: Pick<QueryExecutionRecord, 'id' | 'query' | 'catalog' | 'workGroup' | 'submittedAtMs'> & Partial<QueryExecutionRecord>,
    previous: QueryExecutionRecord,
    token: { value: string; fingerprint: string } | undefined,
  ): Promise<QueryExecutionRecord> {
    const result = previous.result!;
    const now = this.now;
    const record: QueryExecutionRecord = {
      ...asked,
      statementType: previous.statementType,
      ...(previous.substatementType !== undefined ? { substatementType: previous.substatementType } : {}),
      outputLocation: `s3://${result.bucket}/${result.key}`,
      state: 'SUCCEEDED',
      startedAtMs: asked.submittedAtMs,
      completedAtMs: now,
      statistics: { ...EMPTY_STATISTICS, totalMs: now - asked.submittedAtMs },
      result,
      reusedPreviousResult: true,
    };
    this.history.add(record, token);
    await this.history.commit(record);
    return record;
  }

  private prepare(query: string, parameters: readonly string[], workGroup: string): Prepared {
    // PREPARE keeps its `?`s: they are filled by EXECUTE … USING
    const substituted = /^\s*PREPARE\b/i.test(query) ? { sql: query, map: SourceMap.identity() } : substituteParameters(query, parameters);
    const statement = parseStatement(substituted.sql);
    const toOriginal = (o: number) => substituted.map.toSource(o);
    if (statement.kind !== 'execute') return { statement, text: substituted.sql, toOriginal };
    // EXECUTE name USING …: the saved statement with the USING values in its `?`s
    const saved = this.preparedStatements.find(workGroup, statement.name);
    if (!saved) throw new SqlError('GENERIC_USER_ERROR', `Prepared statement not found: ${statement.name}`);
    const values = statement.parameters.map((p) => substituted.sql.slice(p.start, p.end));
    const inner = substituteParameters(saved.queryStatement, values);
    return { statement: parseStatement(inner.sql), text: inner.sql, toOriginal: () => 0 };
  }

  private async outputFolder(requested: string | undefined, workGroup: WorkGroupDefinition): Promise<{ bucket: string; prefix: string }> {
    const s = workGroup.settings;
    const uri = (s.enforce ? s.outputLocation : undefined) ?? requested ?? s.outputLocation ?? this.options.defaultOutputLocation;
    if (uri === undefined) {
      throw new QueryError(
        'InvalidRequest',
        'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
        'INVALID_INPUT',
      );
    }
    let location;
    try {
      location = parseS3Location(uri);
    } catch {
      throw new QueryError('InvalidRequest', `${uri} is not a valid S3 output location (s3://bucket/prefix/)`, 'INVALID_INPUT');
    }
    const results = this.deps.resultsLake ?? this.deps.lake;
    try {
      // the default location's bucket is Lakehose's own: made on first use
      if (uri === this.options.defaultOutputLocation) await results.ensureBucket(location.bucket);
      else await results.headBucket(location.bucket);
    } catch {
      throw new QueryError('InvalidRequest', `Unable to verify/create output bucket ${location.bucket}`, 'INVALID_INPUT');
    }
    return location;
  }

  private async execute(id: string, prepared: Prepared, output: { bucket: string; prefix: string }, workGroup: WorkGroupDefinition, signal: AbortSignal): Promise<void> {
    const record = this.history.get(id);
    if (!record || record.state !== 'QUEUED') return; // stopped meanwhile
    const startedAtMs = this.now;
    // RUNNING need not be durable: after a crash the query is failed whatever it was
    this.history.update({ ...record, state: 'RUNNING', startedAtMs, statistics: { ...record.statistics, queueMs: startedAtMs - record.submittedAtMs } }).catch((e: unknown) => this.deps.onError?.('could not record a query as running', e));
    const run = new QueryRun(id, prepared.text, prepared.toOriginal, (record.database ?? this.options.defaultDatabase ?? 'default').toLowerCase(), workGroup, output, signal, this.runDeps);
    this.runs.set(id, run);
    const onAbort = () => run.interrupt();
    signal.addEventListener('abort', onAbort);
    const types = statementTypes(innerKind(prepared));
    const extension = types.type === 'DML' ? 'csv' : 'txt';
    const key = `${output.prefix}${id}.${extension}`;
    const engineStarted = performance.now();
    try {
      const outcome = await dispatchStatement(run, prepared.statement, key);
      const writeStarted = performance.now();
      let result: QueryResult;
      if (outcome.kind === 'text') {
        await this.runDeps.results.writeText({ bucket: output.bucket, key }, outcome.lines);
        const columns: ResultColumn[] = [{ name: outcome.column, type: 'string', precision: 0, scale: 0, caseSensitive: false }];
        result = { format: 'txt', bucket: output.bucket, key, columns, rows: outcome.lines.length };
      } else if (outcome.kind === 'update') {
        const manifestKey = `${output.prefix}${id}-manifest.csv`;
        await this.runDeps.results.writeManifest({ bucket: output.bucket, key: manifestKey }, outcome.files);
        result = { format: extension, bucket: output.bucket, key, columns: [], rows: 0, updateCount: outcome.count, manifestKey };
      } else {
        result = { format: 'csv', bucket: output.bucket, key, columns: outcome.columns, rows: outcome.rows };
      }
      // a query's own run writes its .metadata beside the rows, at the same time
      if (outcome.kind !== 'rows') await this.runDeps.results.writeMetadata({ bucket: output.bucket, key }, result.columns);
      const now = this.now;
      await this.finish(id, {
        state: 'SUCCEEDED',
        result,
        statistics: this.statistics(run, record.submittedAtMs, startedAtMs, now, performance.now() - writeStarted, performance.now() - engineStarted),
      });
    } catch (e) {
      const now = this.now;
      const statistics = this.statistics(run, record.submittedAtMs, startedAtMs, now, 0, performance.now() - engineStarted);
      if (signal.aborted && signal.reason === 'cancelled') {
        await this.finish(id, { state: 'CANCELLED', stateChangeReason: 'Query cancelled by user', statistics });
      } else if (signal.aborted && signal.reason === 'timeout') {
        const err = new SqlError('EXCEEDED_TIME_LIMIT', `Query exceeded maximum time limit of ${formatDuration(this.options.timeoutSeconds)}`);
        await this.finish(id, { ...this.failed(failureOf(err, undefined, false), now), statistics });
      } else if (e instanceof ResultTooLarge) {
        const err = new SqlError('EXCEEDED_RESULT_LIMIT', `Query result is larger than the ${this.options.maxResultMiB} MiB this server keeps (query.maxResultMiB); aggregate or add a LIMIT`);
        await this.finish(id, { ...this.failed(failureOf(err, undefined, false), now), statistics });
      } else if (e instanceof SqlError) {
        await this.finish(id, { ...this.failed(failureOf(e, record.query, types.type === 'DDL'), now), statistics });
      } else if (isLakeError(e)) {
        await this.finish(id, { ...this.failed(resultWriteFailure((e as Error).message), now), statistics });
      } else {
        this.deps.onError?.('query failed unexpectedly', e);
        const err = new SqlError('GENERIC_INTERNAL_ERROR', this.runDeps.localToUri(e instanceof Error ? e.message.split('\n')[0]! : String(e)));
        await this.finish(id, { ...this.failed(failureOf(err, undefined, false), now), statistics });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      run.release();
      this.runs.delete(id);
    }
  }

  private statistics(run: QueryRun, submittedAtMs: number, startedAtMs: number, now: number, writeMs: number, engineMs: number) {
    return {
      queueMs: startedAtMs - submittedAtMs,
      planningMs: Math.round(run.planningMs),
      engineMs: Math.round(engineMs),
      totalMs: now - submittedAtMs,
      serviceProcessingMs: Math.round(writeMs),
      dataScannedBytes: run.scannedBytes,
      filesScanned: run.scannedFiles,
    };
  }

  private failed(failure: QueryFailure, now: number): Pick<QueryExecutionRecord, 'state' | 'failure' | 'stateChangeReason' | 'completedAtMs'> {
    // messages name objects by s3:// URI, never by where this server keeps them
    const message = this.runDeps ? this.runDeps.localToUri(failure.message) : failure.message;
    return { state: 'FAILED', failure: { ...failure, message }, stateChangeReason: message, completedAtMs: now };
  }

  /**
   * Moves an execution to a final state, once: a stopped query stays CANCELLED whatever its
   * run does later. The state is on disk before anyone sees it.
   */
  private async finish(id: string, change: Partial<QueryExecutionRecord> & { state: QueryState }): Promise<void> {
    const r = this.history.get(id);
    if (!r || FINISHED_STATES.has(r.state) || this.finishing.has(id)) return;
    this.finishing.add(id);
    try {
      const finished = { ...r, ...change, completedAtMs: change.completedAtMs ?? this.now };
      await this.history.commit(finished);
      const waiting = this.waiters.get(id);
      this.waiters.delete(id);
      for (const w of waiting ?? []) w(finished);
    } finally {
      this.finishing.delete(id);
    }
  }
}

/** Functions whose value changes from run to run: a query using one never reuses a result. */
const NON_DETERMINISTIC = /\b(now|current_timestamp|current_date|current_time|localtimestamp|localtime|rand|random|uuid|shuffle|current_user)\b/i;

function innerKind(p: Prepared): Statement['kind'] {
  return p.statement.kind;
}

function formatDuration(seconds: number): string {
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} seconds`;
}

/** The folder holding every bucket (the embedded store's `<dataDir>/lake`). */
function lakeRootOf(lake: Lake, dataDir: string): string {
  const probe = lake.bucketPath('probe-bucket');
  if (probe !== undefined) return probe.slice(0, probe.length - '/probe-bucket'.length);
  return join(dataDir, 'lake');
}

/** `/data/lake/bucket/key` in a message → `s3://bucket/key`. */
function localPathsAsUris(lakeRoot: string): (text: string) => string {
  const prefix = `${lakeRoot}/`;
  return (text) => text.split(prefix).join('s3://');
}
