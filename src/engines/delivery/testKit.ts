/**
 * Helpers for the delivery engine's unit tests: an engine on in-memory metadata and logs, a
 * real lake in a temporary directory (so DuckDB can read what was written), and readers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import { MemoryStreamLogStore } from '../../adapters/memory/MemoryStreamLogStore.js';
import { FileObjectStore } from '../../adapters/embedded/objectstore/FileObjectStore.js';
import type { TableDefinition, TableLookup } from '../catalog/Table.js';
import { Lake } from '../lake/Lake.js';
import type { StreamLogStore } from '../streams/ports.js';
import { decompress, type CompressionFormat } from './compression/index.js';
import { DeliveryEngine, type DeliveryEngineDeps, type DeliveryEngineOptions } from './DeliveryEngine.js';
import type { DeliveryStreamDefinition, DeliveryStreamState, S3DestinationDefinition } from './model/DeliveryStreamDefinition.js';
import type { DeliveryLake, DeliveryLog, KinesisShardSource, TransformFunctions } from './ports.js';
import type { ProgressDoc } from './runner/DeliveryProgress.js';

export const BUCKET = 'lake-bucket';

export const quietLog: DeliveryLog & { warnings: string[]; errors: string[] } = {
  warnings: [],
  errors: [],
  info() {},
  warn(message, fields) {
    quietLog.warnings.push(`${message} ${JSON.stringify(fields ?? {})}`);
  },
  error(message, fields) {
    quietLog.errors.push(`${message} ${JSON.stringify(fields ?? {})}`);
  },
};

export interface Harness {
  readonly dir: string;
  readonly lake: Lake;
  readonly docs: MemoryDocumentStore;
  readonly logs: StreamLogStore;
  engine: DeliveryEngine;
  /** Opens the engine again over the same stores (a restart). */
  reopen(overrides?: Partial<HarnessOptions>): Promise<DeliveryEngine>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly options: Partial<DeliveryEngineOptions>;
  readonly lake: DeliveryLake;
  readonly functions: TransformFunctions;
  readonly tables: TableLookup;
  readonly kinesis: KinesisShardSource;
  readonly logs: StreamLogStore;
}

export async function harness(opts: Partial<HarnessOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'lakehose-delivery-'));
  const store = await FileObjectStore.open({ dataDir: dir });
  const lake = new Lake(store);
  await lake.ensureBucket(BUCKET);
  const docs = new MemoryDocumentStore();
  const logs = opts.logs ?? new MemoryStreamLogStore();
  const open = (o: Partial<HarnessOptions>) => {
    const deps: DeliveryEngineDeps = {
      streams: docs.collection<DeliveryStreamState>('delivery-streams'),
      progress: docs.collection<ProgressDoc>('delivery-progress'),
      logs,
      lake: o.lake ?? lake,
      tables: () => o.tables,
      ...(o.functions ? { functions: o.functions } : {}),
      ...(o.kinesis ? { kinesis: o.kinesis } : {}),
    };
    return DeliveryEngine.open(
      {
        region: 'eu-west-1',
        accountId: '000000000000',
        scratchDir: join(dir, 'scratch'),
        logger: quietLog,
        tuning: { retry: { baseMs: 10, maxMs: 50 }, pollMs: 20 },
        ...o.options,
      },
      deps,
    );
  };
  const h: Harness = {
    dir,
    lake,
    docs,
    logs,
    engine: await open(opts),
    async reopen(overrides = {}) {
      await h.engine.close();
      h.engine = await open({ ...opts, ...overrides });
      return h.engine;
    },
    async close() {
      await h.engine.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A DirectPut stream to BUCKET with the given destination settings. */
export function directStream(name: string, destination: Partial<S3DestinationDefinition> = {}): DeliveryStreamDefinition {
  return {
    name,
    source: { kind: 'direct' },
    destination: {
      bucket: BUCKET,
      roleArn: 'arn:aws:iam::000000000000:role/firehose',
      buffering: { sizeMiB: 1, intervalSeconds: 1 },
      compression: 'UNCOMPRESSED',
      processing: { enabled: false, processors: [] },
      backupMode: 'Disabled',
      declaredAs: 'ExtendedS3',
      ...destination,
    },
  };
}

export interface StoredObject {
  readonly key: string;
  readonly body: Buffer;
  readonly contentEncoding: string | undefined;
}

/** Every object of a bucket (optionally under a prefix), decompressed by `format`. */
export async function objects(lake: Lake, bucket = BUCKET, prefix = '', format: CompressionFormat = 'UNCOMPRESSED'): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const summary of lake.listAllObjects(bucket, prefix)) {
    const got = await lake.getObject(bucket, summary.key);
    const chunks: Buffer[] = [];
    for await (const c of got.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
    const raw = Buffer.concat(chunks);
    out.push({ key: summary.key, body: Buffer.from(await decompress(format, raw)), contentEncoding: got.info.contentEncoding });
  }
  return out;
}

/** Waits for a condition, polling; fails with `what` after the deadline. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function json(n: number, extra: Record<string, unknown> = {}): Uint8Array {
  return Buffer.from(JSON.stringify({ id: n, ...extra }));
}

/** A catalog with fixed tables (the catalog engine stands in for this in the app). */
export function tables(defs: Record<string, Array<{ name: string; type: string }>>, version = 1): TableLookup {
  return {
    async getTable(databaseName, tableName) {
      const columns = defs[`${databaseName}.${tableName}`];
      if (!columns) return undefined;
      const t: TableDefinition = {
        databaseName,
        name: tableName,
        parameters: {},
        storage: { columns },
        partitionKeys: [],
        createdAtMs: 0,
        updatedAtMs: 0,
        version,
      };
      return t;
    },
  };
}
