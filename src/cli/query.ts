import { createHash, createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteDocumentStore } from '../adapters/embedded/metadata/SqliteDocumentStore.js';
import { FileObjectStore } from '../adapters/embedded/objectstore/FileObjectStore.js';
import { ConfigError, loadConfig } from '../app/config/loadConfig.js';
import { configSchema, type LakehoseConfig } from '../app/config/schema.js';
import { DataDirLock } from '../app/DataDirLock.js';
import { SqliteCatalogStore } from '../adapters/embedded/metadata/SqliteCatalogStore.js';
import { formatAmzDate } from '../aws/wire/sigv4/amzDate.js';
import { deriveSigningKey } from '../aws/wire/sigv4/SigningKeyCache.js';
import { CatalogEngine } from '../engines/catalog/CatalogEngine.js';
import { Lake } from '../engines/lake/Lake.js';
import { QueryEngine } from '../engines/query/QueryEngine.js';
import { tokenize } from '../engines/query/sql/tokenize.js';
import { parseCommand } from './args.js';

const USAGE = `Usage: lakehose query [SQL] [options]

  Runs SQL (Athena's dialect) over the lake and prints the result. The SQL comes from the
  argument, --file, or standard input.

  --file, -f FILE        read the SQL from a file
  --database, -d DB      the database unqualified table names are in (default: default)
  --format FORMAT        table (default), csv or json
  --workgroup NAME       the Athena work group (default: primary)
  --output-location URI  where results are written (s3://bucket/prefix/)
  --endpoint URL         a running Lakehose (default: LAKEHOSE_ENDPOINT, or the config's port)
  --data-dir DIR         the data directory to read when no server runs (default: ./.lakehose)
  --config FILE          lakehose.yaml (for the port and defaults)
  --local                do not look for a server: read the data directory directly

  With a server running, the query goes through its Athena API (the same one the AWS CLI
  uses). Without one, Lakehose opens the data directory itself for the duration of the
  query (a server cannot start meanwhile).
`;

// ---- the two ways to run a query ----

export interface ColumnMeta {
  readonly name: string;
  readonly type: string;
}

export interface ExecutionStatus {
  readonly state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly reason?: string | undefined;
  readonly scannedBytes: number;
  readonly totalMs: number;
  readonly statementType?: string | undefined;
}

export interface ResultPage {
  readonly columns: ColumnMeta[];
  readonly rows: Array<Array<string | null>>;
  readonly next?: string | undefined;
  readonly updateCount?: number | undefined;
}

export interface QueryBackend {
  readonly description: string;
  start(sql: string, database: string | undefined, workGroup: string | undefined, outputLocation: string | undefined): Promise<string>;
  status(id: string): Promise<ExecutionStatus>;
  page(id: string, token: string | undefined): Promise<ResultPage>;
  stop(id: string): Promise<void>;
  close(): Promise<void>;
}

/** A failed API call, with AWS's error code. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Athena's JSON API over HTTP, signed with SigV4 when credentials are known. */
export class AthenaHttpBackend implements QueryBackend {
  constructor(
    private readonly endpoint: string,
    private readonly region: string,
    private readonly credentials: { accessKeyId: string; secretAccessKey: string } | undefined,
  ) {}

  get description(): string {
    return this.endpoint;
  }

  async call<T>(operation: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    const url = new URL(this.endpoint);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonAthena.${operation}`,
      'x-amz-date': formatAmzDate(Date.now()),
      host: url.host,
    };
    if (this.credentials) headers['authorization'] = this.sign(headers, payload);
    let res: Response;
    try {
      res = await fetch(new URL('/', url), { method: 'POST', headers, body: payload });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach Lakehose at ${this.endpoint}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    const text = await res.text();
    const doc = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    if (!res.ok) {
      const code = String(doc['__type'] ?? res.status).split('#').pop()!;
      throw new ApiError(code, String(doc['message'] ?? doc['Message'] ?? text));
    }
    return doc as T;
  }

  private sign(headers: Record<string, string>, payload: string): string {
    const c = this.credentials!;
    const amzDate = headers['x-amz-date']!;
    const date = amzDate.slice(0, 8);
    const names = Object.keys(headers).sort();
    const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${headers[n]!.trim()}`), '', names.join(';'), sha256(payload)].join('\n');
    const scope = `${date}/${this.region}/athena/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    const signature = createHmac('sha256', deriveSigningKey(c.secretAccessKey, date, this.region, 'athena')).update(toSign).digest('hex');
    return `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  }

  async start(sql: string, database: string | undefined, workGroup: string | undefined, outputLocation: string | undefined): Promise<string> {
    const r = await this.call<{ QueryExecutionId: string }>('StartQueryExecution', {
      QueryString: sql,
      ClientRequestToken: createHash('sha256').update(`${sql}\0${process.pid}\0${Date.now()}\0${Math.random()}`).digest('hex').slice(0, 64),
      ...(database !== undefined ? { QueryExecutionContext: { Database: database } } : {}),
      ...(workGroup !== undefined ? { WorkGroup: workGroup } : {}),
      ...(outputLocation !== undefined ? { ResultConfiguration: { OutputLocation: outputLocation } } : {}),
    });
    return r.QueryExecutionId;
  }

  async status(id: string): Promise<ExecutionStatus> {
    const r = await this.call<{ QueryExecution: { StatementType?: string; Status: { State: ExecutionStatus['state']; StateChangeReason?: string }; Statistics?: { DataScannedInBytes?: number; TotalExecutionTimeInMillis?: number } } }>(
      'GetQueryExecution',
      { QueryExecutionId: id },
    );
    const q = r.QueryExecution;
    return {
      state: q.Status.State,
      reason: q.Status.StateChangeReason,
      scannedBytes: q.Statistics?.DataScannedInBytes ?? 0,
      totalMs: q.Statistics?.TotalExecutionTimeInMillis ?? 0,
      statementType: q.StatementType,
    };
  }

  async page(id: string, token: string | undefined): Promise<ResultPage> {
    const r = await this.call<{
      UpdateCount?: number;
      NextToken?: string;
      ResultSet: { Rows: Array<{ Data: Array<{ VarCharValue?: string }> }>; ResultSetMetadata: { ColumnInfo: Array<{ Name: string; Type: string }> } };
    }>('GetQueryResults', { QueryExecutionId: id, MaxResults: 1000, ...(token !== undefined ? { NextToken: token } : {}) });
    return {
      columns: r.ResultSet.ResultSetMetadata.ColumnInfo.map((c) => ({ name: c.Name, type: c.Type })),
      rows: r.ResultSet.Rows.map((row) => row.Data.map((d) => d.VarCharValue ?? null)),
      next: r.NextToken,
      updateCount: r.UpdateCount,
    };
  }

  async stop(id: string): Promise<void> {
    await this.call('StopQueryExecution', { QueryExecutionId: id });
  }

  async close(): Promise<void> {}
}

/** The engines opened on a data directory in this process (no server running). */
export class LocalBackend implements QueryBackend {
  private constructor(
    readonly description: string,
    readonly engine: QueryEngine,
    readonly catalog: CatalogEngine,
    private readonly closers: Array<() => Promise<void>>,
  ) {}

  static async open(dataDir: string, config: LakehoseConfig): Promise<LocalBackend> {
    const dir = resolve(dataDir);
    if (!existsSync(join(dir, 'metadata.sqlite'))) throw new Error(`${dir} holds no Lakehose data (no metadata.sqlite); start a server or name --data-dir`);
    const closers: Array<() => Promise<void>> = [];
    const close = async () => {
      for (const c of closers.reverse()) await c().catch(() => undefined);
    };
    try {
      const lock = await DataDirLock.acquire(dir);
      closers.push(() => lock.release());
      const metadata = await SqliteDocumentStore.open(join(dir, 'metadata.sqlite'));
      closers.push(() => metadata.close());
      const store = await FileObjectStore.open({ dataDir: dir });
      closers.push(() => store.close());
      const catalog = await CatalogEngine.open(new SqliteCatalogStore(metadata.database));
      closers.push(() => catalog.close());
      // results go to a throwaway lake, so reading leaves the data directory as it was
      const scratch = await mkdtemp(join(tmpdir(), 'lakehose-query-'));
      closers.push(() => rm(scratch, { recursive: true, force: true }));
      const resultStore = await FileObjectStore.open({ dataDir: scratch });
      closers.push(() => resultStore.close());
      const results = new Lake(resultStore);
      await results.ensureBucket('lakehose-cli-results');
      const q = config.query;
      const engine = await QueryEngine.open(
        { lake: new Lake(store), catalog, documents: metadata, resultsLake: results },
        {
          dataDir: scratch,
          threads: q.threads ?? Math.max(1, availableParallelism() - 1),
          memoryLimitMiB: q.memoryLimitMiB,
          maxConcurrent: 1,
          maxQueued: 1,
          timeoutSeconds: q.timeoutSeconds,
          maxResultMiB: q.maxResultMiB,
          historyLimit: q.historySize,
          defaultOutputLocation: 's3://lakehose-cli-results/',
        },
      );
      closers.push(() => engine.close());
      return new LocalBackend(dir, engine, catalog, closers);
    } catch (e) {
      await close();
      throw e;
    }
  }

  async start(sql: string, database: string | undefined, workGroup: string | undefined): Promise<string> {
    return (await this.engine.start({ query: sql, database, workGroup, outputLocation: 's3://lakehose-cli-results/' })).id;
  }

  async status(id: string): Promise<ExecutionStatus> {
    const r = this.engine.get(id);
    return { state: r.state, reason: r.stateChangeReason, scannedBytes: r.statistics.dataScannedBytes, totalMs: r.statistics.totalMs, statementType: r.statementType };
  }

  /** Local runs need no polling: wait for the end. */
  async waitFor(id: string): Promise<void> {
    await this.engine.whenFinished(id);
  }

  async page(id: string, token: string | undefined): Promise<ResultPage> {
    const p = await this.engine.results(id, token === undefined ? 0 : Number(token), 1000);
    return {
      columns: p.columns.map((c) => ({ name: c.name, type: c.type })),
      rows: p.rows,
      next: p.next === undefined ? undefined : String(p.next),
      updateCount: p.updateCount,
    };
  }

  async stop(id: string): Promise<void> {
    await this.engine.stop(id);
  }

  async close(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch(() => undefined);
  }
}

// ---- choosing a backend ----

export interface BackendOptions {
  readonly endpoint?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly configFile?: string | undefined;
  readonly local?: boolean | undefined;
}

export async function openBackend(o: BackendOptions, note: (line: string) => void): Promise<{ backend: QueryBackend; config: LakehoseConfig }> {
  const configFile = o.configFile ?? (existsSync('lakehose.yaml') ? 'lakehose.yaml' : undefined);
  const config = configFile ? await loadConfig(configFile) : configSchema.parse({});
  const dataDir = o.dataDir ?? '.lakehose';
  if (!o.local) {
    const host = config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host;
    const endpoint = o.endpoint ?? process.env['LAKEHOSE_ENDPOINT'] ?? `http://${host}:${config.server.port}`;
    const keyId = process.env['AWS_ACCESS_KEY_ID'] ?? config.auth.credentials[0]?.accessKeyId;
    const secret = process.env['AWS_SECRET_ACCESS_KEY'] ?? config.auth.credentials[0]?.secretAccessKey;
    const backend = new AthenaHttpBackend(endpoint, config.region, keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined);
    try {
      await backend.call('ListWorkGroups', { MaxResults: 1 });
      return { backend, config };
    } catch (e) {
      if (e instanceof ApiError || o.endpoint !== undefined) throw e;
      note(`no Lakehose answers at ${endpoint}; reading ${resolve(dataDir)} directly`);
    }
  }
  return { backend: await LocalBackend.open(dataDir, config), config };
}

/** The flags that say where Lakehose is, shared by the commands that query it. */
export const BACKEND_FLAGS = {
  endpoint: { type: 'string' },
  'data-dir': { type: 'string' },
  config: { type: 'string', short: 'c' },
  local: { type: 'boolean' },
} as const;

/** The backend those flags name, or the exit code after saying why there is none. */
export async function openBackendFor(
  command: string,
  v: { readonly endpoint?: string | undefined; readonly 'data-dir'?: string | undefined; readonly config?: string | undefined; readonly local?: boolean | undefined },
): Promise<{ backend: QueryBackend } | { exit: number }> {
  try {
    return await openBackend({ endpoint: v.endpoint, dataDir: v['data-dir'], configFile: v.config, local: v.local }, (line) => process.stderr.write(`lakehose ${command}: ${line}\n`));
  } catch (e) {
    process.stderr.write(`lakehose ${command}: ${e instanceof ConfigError ? `the configuration has errors:\n${e.message}` : (e as Error).message}\n`);
    return { exit: 1 };
  }
}

// ---- the command ----

type OutputFormat = 'table' | 'csv' | 'json';

export async function runQueryCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(
    'query',
    args,
    {
      file: { type: 'string', short: 'f' },
      database: { type: 'string', short: 'd' },
      format: { type: 'string' },
      workgroup: { type: 'string' },
      'output-location': { type: 'string' },
      ...BACKEND_FLAGS,
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const v = parsed.values;
  const format = (v.format ?? 'table') as OutputFormat;
  if (!['table', 'csv', 'json'].includes(format)) {
    process.stderr.write(`lakehose query: --format must be table, csv or json, not '${v.format}'\n`);
    return 2;
  }
  let sql: string;
  if (v.file !== undefined) sql = await readFile(v.file, 'utf8');
  else if (parsed.positionals.length > 0) sql = parsed.positionals.join(' ');
  else if (!process.stdin.isTTY) sql = await readStdin();
  else {
    process.stderr.write(`lakehose query: give the SQL as an argument, with --file, or on standard input\n\n${USAGE}`);
    return 2;
  }
  if (sql.trim() === '') {
    process.stderr.write('lakehose query: the SQL is empty\n');
    return 2;
  }
  const opened = await openBackendFor('query', v);
  if ('exit' in opened) return opened.exit;
  const { backend } = opened;
  try {
    // a file may hold several statements (a DDL script): they run one after the other
    const statements = splitStatements(sql);
    for (const [i, statement] of statements.entries()) {
      if (statements.length > 1 && format === 'table') process.stdout.write(`${i > 0 ? '\n' : ''}-- ${firstLine(statement)}\n`);
      const code = await runOne(backend, statement, v.database, v.workgroup, v['output-location'], format);
      if (code !== 0) return code;
    }
    return 0;
  } catch (e) {
    process.stderr.write(`lakehose query: ${e instanceof ApiError ? `${e.code}: ${e.message}` : (e as Error).message}\n`);
    return 1;
  } finally {
    await backend.close();
  }
}

async function runOne(backend: QueryBackend, sql: string, database: string | undefined, workGroup: string | undefined, outputLocation: string | undefined, format: OutputFormat): Promise<number> {
  const started = Date.now();
  const id = await backend.start(sql, database, workGroup, outputLocation);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    void backend.stop(id).catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  const progress = new ProgressLine(process.stderr);
  let status: ExecutionStatus;
  try {
    if (backend instanceof LocalBackend) {
      const ticker = setInterval(() => void backend.status(id).then((s) => progress.show(s, Date.now() - started)), 200);
      try {
        await backend.waitFor(id);
      } finally {
        clearInterval(ticker);
      }
      status = await backend.status(id);
    } else {
      let delay = 10;
      for (;;) {
        status = await backend.status(id);
        if (status.state === 'SUCCEEDED' || status.state === 'FAILED' || status.state === 'CANCELLED') break;
        progress.show(status, Date.now() - started);
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(200, delay * 2);
      }
    }
  } finally {
    progress.clear();
    process.removeListener('SIGINT', onSigint);
  }
  if (status.state === 'CANCELLED') {
    process.stderr.write(`lakehose query: cancelled${interrupted ? '' : ` (${status.reason ?? 'by request'})`}\n`);
    return 130;
  }
  if (status.state === 'FAILED') {
    process.stderr.write(explainFailure(sql, status.reason ?? 'the query failed'));
    return 1;
  }
  const printer = new ResultPrinter(format, status.statementType === 'DML', process.stdout);
  let token: string | undefined;
  let rows = 0;
  let updateCount: number | undefined;
  do {
    const page = await backend.page(id, token);
    rows += printer.add(page);
    updateCount = page.updateCount;
    token = page.next;
  } while (token !== undefined);
  printer.finish();
  const elapsed = ((Date.now() - started) / 1000).toFixed(2);
  const summary = updateCount ? `${updateCount} row${updateCount === 1 ? '' : 's'} written` : `${rows} row${rows === 1 ? '' : 's'}`;
  if (format === 'table') process.stderr.write(`(${summary} in ${elapsed} s, ${humanBytes(status.scannedBytes)} scanned)\n`);
  return 0;
}

/** Statements separated by `;` outside strings, quoted names and comments. */
export function splitStatements(sql: string): string[] {
  let tokens;
  try {
    tokens = tokenize(sql);
  } catch {
    return [sql]; // the server will say what is wrong, and where
  }
  const out: string[] = [];
  let current = '';
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === ';') {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
    } else current += t.text;
  }
  if (current.trim() !== '') out.push(current.trim());
  return out.length > 0 ? out : [sql];
}

function firstLine(sql: string): string {
  const line = sql.split('\n')[0]!;
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/** The failure, and where in the SQL it happened: the line and a caret under the column. */
export function explainFailure(sql: string, reason: string): string {
  let out = `lakehose query: ${reason}\n`;
  const m = /line (\d+):(\d+)/.exec(reason);
  if (m) {
    const lineNo = Number(m[1]);
    const column = Number(m[2]);
    const line = sql.split('\n')[lineNo - 1];
    if (line !== undefined) {
      const gutter = String(lineNo).length;
      out += `${' '.repeat(gutter)} |\n${lineNo} | ${line}\n${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, column - 1))}^\n`;
    }
  }
  return out;
}

/** Shows state and elapsed time on one terminal line while a query runs (only on a terminal, after a second). */
class ProgressLine {
  private shown = false;
  private frame = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  show(s: ExecutionStatus, elapsedMs: number): void {
    if (!this.stream.isTTY || elapsedMs < 1000) return;
    const spinner = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[this.frame++ % 10];
    this.stream.write(`\r${spinner} ${s.state} ${(elapsedMs / 1000).toFixed(1)} s · ${humanBytes(s.scannedBytes)} scanned · Ctrl-C stops it\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'double', 'float', 'real', 'decimal']);

/** Prints pages as they come: an aligned table (buffered, to size the columns), CSV or JSON lines. */
export class ResultPrinter {
  private columns: ColumnMeta[] = [];
  private readonly buffered: Array<Array<string | null>> = [];
  private first = true;

  constructor(
    private readonly format: OutputFormat,
    /** Query results carry their header as the first row of the first page. */
    private readonly hasHeader: boolean,
    private readonly out: { write(s: string): unknown },
  ) {}

  /** Returns the number of data rows added. */
  add(page: ResultPage): number {
    let rows = page.rows;
    if (this.first) {
      this.columns = page.columns;
      if (this.hasHeader) rows = rows.slice(1);
      // a DDL statement's empty answer prints nothing, not a lone header
      if (this.format === 'csv' && (this.hasHeader || rows.length > 0)) this.out.write(csvRow(this.columns.map((c) => c.name)));
      this.first = false;
    }
    for (const r of rows) {
      if (this.format === 'csv') this.out.write(csvRow(r));
      else if (this.format === 'json') this.out.write(`${JSON.stringify(Object.fromEntries(this.columns.map((c, i) => [c.name, jsonValue(r[i] ?? null, c.type)])))}\n`);
      else this.buffered.push(r);
    }
    return rows.length;
  }

  finish(): void {
    if (this.format !== 'table') return;
    if (this.columns.length === 0 || (!this.hasHeader && this.buffered.length === 0)) return;
    const cells = (r: Array<string | null>) => this.columns.map((_, i) => (r[i] === null || r[i] === undefined ? 'NULL' : r[i]!.replace(/\n/g, '\\n')));
    const body = this.buffered.map(cells);
    const widths = this.columns.map((c, i) => Math.max(c.name.length, ...body.map((r) => r[i]!.length)));
    const right = this.columns.map((c) => NUMERIC.has(c.type));
    const line = (values: string[]) => values.map((v, i) => (right[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' │ ').trimEnd();
    this.out.write(`${line(this.columns.map((c) => c.name))}\n`);
    this.out.write(`${widths.map((w) => '─'.repeat(w)).join('─┼─')}\n`);
    for (const r of body) this.out.write(`${line(r)}\n`);
  }
}

function jsonValue(v: string | null, type: string): unknown {
  if (v === null) return null;
  if (type === 'boolean') return v === 'true';
  if (NUMERIC.has(type) && type !== 'decimal' && type !== 'bigint') {
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  if (type === 'bigint') {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  return v;
}

function csvRow(values: ReadonlyArray<string | null>): string {
  return `${values.map((v) => (v === null ? '' : /[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')}\n`;
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
