import { randomUUID } from 'node:crypto';
import { CatalogError } from './CatalogError.js';
import type { DatabaseInput, PartitionInput, TableInput } from './inputs.js';
import {
  canonicalJson,
  checkName,
  checkPartitionValues,
  foldName,
  normalizeDatabase,
  normalizeTable,
  partitionStorage,
} from './normalize.js';
import { compileNamePattern } from './namePattern.js';
import { compilePartitionExpression } from './PartitionExpression.js';
import type { CatalogStore, CatalogWrite, StoredPartition, StoredTable, StoredTableVersion } from './ports.js';
import type { DatabaseDefinition, PartitionDefinition, TableDefinition, TableLookup } from './Table.js';

/** AWS Glue's default quotas; each can be set lower (tests) or higher. */
export interface CatalogLimits {
  readonly databases: number;
  readonly tablesPerDatabase: number;
  readonly partitionsPerTable: number;
  readonly versionsPerTable: number;
  readonly tagsPerResource: number;
}

export const DEFAULT_CATALOG_LIMITS: CatalogLimits = {
  databases: 10_000,
  tablesPerDatabase: 200_000,
  partitionsPerTable: 10_000_000,
  versionsPerTable: 100_000,
  tagsPerResource: 50,
};

export interface CatalogEngineOptions {
  readonly limits?: Partial<CatalogLimits>;
  readonly clock?: () => number;
  /** Called when a change listener throws (the change itself has happened). */
  readonly onListenerError?: (error: unknown) => void;
}

/** What changed, for caches (query planning, format conversion) to drop what they hold. */
export type CatalogChange =
  | { readonly kind: 'databaseCreated' | 'databaseUpdated' | 'databaseDeleted'; readonly databaseName: string }
  | {
      readonly kind: 'tableCreated' | 'tableUpdated' | 'tableDeleted';
      readonly databaseName: string;
      readonly tableName: string;
      /** The table's version after the change (absent for deletions). */
      readonly version?: number;
    }
  | {
      readonly kind: 'partitionsAdded' | 'partitionsDeleted' | 'partitionsUpdated';
      readonly databaseName: string;
      readonly tableName: string;
      readonly values: ReadonlyArray<readonly string[]>;
    };

export type CatalogListener = (change: CatalogChange) => void;

/** A resource tags can be attached to. */
export type CatalogResource =
  | { readonly kind: 'catalog' }
  | { readonly kind: 'database'; readonly databaseName: string }
  | { readonly kind: 'table'; readonly databaseName: string; readonly tableName: string };

/** The outcome for one item of a batch: ok, or the error it alone met. */
export type ItemResult<K> = { readonly item: K; readonly error?: CatalogError };

export interface PartitionQuery {
  /** Glue's Expression (a WHERE clause over partition keys). */
  readonly expression?: string | undefined;
  /** Only this segment of the table's partitions (GetPartitions' Segment). */
  readonly segment?: { readonly number: number; readonly total: number } | undefined;
  /** Resume after this partition (the values of the last one of the previous page). */
  readonly after?: readonly string[] | undefined;
  readonly limit?: number | undefined;
}

export interface PartitionPage {
  readonly partitions: PartitionDefinition[];
  /** Present when more partitions may follow: pass it as `after`. */
  readonly next?: readonly string[];
}

export interface AddPartitionsOptions {
  /** Partitions that already exist are left as they are and reported as fine (MSCK REPAIR, INSERT INTO). */
  readonly ifNotExists?: boolean;
  /**
   * A partition without its own storage descriptor gets the table's, with the location
   * `<table location>/<key>=<value>/…/` (what Athena's ALTER TABLE ADD PARTITION does).
   */
  readonly inheritStorage?: boolean;
}

class LiveTable {
  readonly versions = new Map<number, TableDefinition>();
  readonly partitions = new Map<string, PartitionDefinition>();
  private sorted: PartitionDefinition[] | undefined;
  tags: Readonly<Record<string, string>> = {};

  constructor(
    readonly id: string,
    public def: TableDefinition,
  ) {}

  invalidate(): void {
    this.sorted = undefined;
  }

  /** Partitions in value order (numeric keys numerically), computed once per change. */
  ordered(): PartitionDefinition[] {
    if (!this.sorted) {
      const cmp = valuesComparator(this.def);
      this.sorted = [...this.partitions.values()].sort((a, b) => cmp(a.values, b.values));
    }
    return this.sorted;
  }
}

class LiveDatabase {
  readonly tables = new Map<string, LiveTable>();
  tags: Readonly<Record<string, string>> = {};

  constructor(public def: DatabaseDefinition) {}
}

const NUMERIC_KEY = /^(tinyint|smallint|int|integer|bigint|decimal)\b/i;

function valuesComparator(table: TableDefinition): (a: readonly string[], b: readonly string[]) => number {
  const numeric = table.partitionKeys.map((k) => NUMERIC_KEY.test(k.type.trim()));
  return (a, b) => {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a[i] ?? '';
      const y = b[i] ?? '';
      if (x === y) continue;
      if (numeric[i]) {
        const nx = Number(x);
        const ny = Number(y);
        const okx = x.trim() !== '' && Number.isFinite(nx);
        const oky = y.trim() !== '' && Number.isFinite(ny);
        if (okx && oky && nx !== ny) return nx < ny ? -1 : 1;
        if (okx !== oky) return okx ? -1 : 1;
      }
      return x < y ? -1 : 1;
    }
    return 0;
  };
}

const valuesKey = (values: readonly string[]): string => JSON.stringify(values);
const partitionDocKey = (tableId: string, values: readonly string[]): string => `${tableId}:${valuesKey(values)}`;
const versionDocKey = (tableId: string, version: number): string => `${tableId}:${String(version).padStart(12, '0')}`;
const tagKey = (r: CatalogResource): string =>
  r.kind === 'catalog' ? 'catalog' : r.kind === 'database' ? `database/${r.databaseName}` : `table/${r.databaseName}/${r.tableName}`;

/**
 * The data catalog (Glue's): databases, tables with their versions, partitions and tags.
 * Everything is held in memory for fast reads and written through the CatalogStore before a
 * change is acknowledged. Changes run one at a time, so each one validates against the
 * state it will change.
 */
export class CatalogEngine implements TableLookup {
  private readonly databases = new Map<string, LiveDatabase>();
  private readonly catalogTags: { tags: Readonly<Record<string, string>> } = { tags: {} };
  private readonly listeners = new Set<CatalogListener>();
  private readonly limits: CatalogLimits;
  private readonly clock: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: CatalogStore,
    private readonly options: CatalogEngineOptions,
  ) {
    this.limits = { ...DEFAULT_CATALOG_LIMITS, ...options.limits };
    this.clock = options.clock ?? Date.now;
  }

  /** Loads the catalog; removes what an interrupted change left orphaned. */
  static async open(store: CatalogStore, options: CatalogEngineOptions = {}): Promise<CatalogEngine> {
    const engine = new CatalogEngine(store, options);
    await engine.load();
    return engine;
  }

  private async load(): Promise<void> {
    const orphans: CatalogWrite[] = [];
    for (const { doc } of await this.store.list('databases')) this.databases.set(doc.name, new LiveDatabase(doc));
    const byId = new Map<string, LiveTable>();
    for (const { key, doc } of await this.store.list('tables')) {
      const db = this.databases.get(doc.table.databaseName);
      if (!db) {
        orphans.push({ collection: 'tables', key, doc: undefined });
        continue;
      }
      const live = new LiveTable(doc.id, doc.table);
      db.tables.set(doc.table.name, live);
      byId.set(doc.id, live);
    }
    for (const { key, doc } of await this.store.list('tableVersions')) {
      const live = byId.get(doc.tableId);
      if (live) live.versions.set(doc.table.version, doc.table);
      else orphans.push({ collection: 'tableVersions', key, doc: undefined });
    }
    for (const live of byId.values()) {
      // A crash between writing a table and its version document: the table is the truth.
      if (!live.versions.has(live.def.version)) live.versions.set(live.def.version, live.def);
    }
    for (const { key, doc } of await this.store.list('partitions')) {
      const live = byId.get(doc.tableId);
      if (live) live.partitions.set(valuesKey(doc.partition.values), doc.partition);
      else orphans.push({ collection: 'partitions', key, doc: undefined });
    }
    for (const { key, doc } of await this.store.list('tags')) {
      const target = this.tagTarget(doc.resource);
      if (target) target.tags = doc.tags;
      else orphans.push({ collection: 'tags', key, doc: undefined });
    }
    if (orphans.length > 0) await this.store.commit(orphans);
  }

  /** Where the tags of a stored resource key go (undefined when the resource is gone). */
  private tagTarget(key: string): { tags: Readonly<Record<string, string>> } | undefined {
    if (key === 'catalog') return this.catalogTags;
    const m = /^database\/(.*)$/s.exec(key);
    if (m) return this.databases.get(m[1]!);
    const t = /^table\/([^/]*)\/(.*)$/s.exec(key);
    if (t) return this.databases.get(t[1]!)?.tables.get(t[2]!);
    return undefined;
  }

  /** Runs changes one at a time, in call order. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  onChange(listener: CatalogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: CatalogChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.options.onListenerError?.(e);
      }
    }
  }

  // ── databases ──────────────────────────────────────────────────────────────

  listDatabases(): DatabaseDefinition[] {
    return [...this.databases.values()].map((d) => d.def).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  findDatabase(name: string): DatabaseDefinition | undefined {
    return this.databases.get(foldName(name))?.def;
  }

  getDatabase(name: string): DatabaseDefinition {
    return this.liveDatabase(name).def;
  }

  private liveDatabase(name: string): LiveDatabase {
    const db = this.databases.get(foldName(name));
    if (!db) throw CatalogError.databaseNotFound(foldName(name));
    return db;
  }

  createDatabase(input: DatabaseInput, tags: Readonly<Record<string, string>> = {}): Promise<DatabaseDefinition> {
    return this.exclusive(async () => {
      const def = normalizeDatabase(input, this.clock());
      if (this.databases.has(def.name)) throw new CatalogError('AlreadyExists', 'Database already exists.');
      if (this.databases.size >= this.limits.databases) {
        throw new CatalogError('ResourceNumberLimitExceeded', `The number of databases would exceed the limit of ${this.limits.databases}.`);
      }
      this.checkTags(tags);
      const writes: CatalogWrite[] = [{ collection: 'databases', key: def.name, doc: def }];
      const key = tagKey({ kind: 'database', databaseName: def.name });
      if (Object.keys(tags).length > 0) writes.push({ collection: 'tags', key, doc: { resource: key, tags: { ...tags } } });
      await this.store.commit(writes);
      const live = new LiveDatabase(def);
      live.tags = { ...tags };
      this.databases.set(def.name, live);
      this.emit({ kind: 'databaseCreated', databaseName: def.name });
      return def;
    });
  }

  /** Replaces a database's description, location and parameters; it cannot be renamed. */
  updateDatabase(name: string, input: DatabaseInput): Promise<DatabaseDefinition> {
    return this.exclusive(async () => {
      const db = this.liveDatabase(name);
      const def = normalizeDatabase(input, db.def.createdAtMs);
      if (def.name !== db.def.name) throw CatalogError.invalid(`Database ${db.def.name} cannot be renamed to ${def.name}.`);
      await this.store.commit([{ collection: 'databases', key: def.name, doc: def }]);
      db.def = def;
      this.emit({ kind: 'databaseUpdated', databaseName: def.name });
      return def;
    });
  }

  /** Deletes a database with every table, table version and partition in it. */
  deleteDatabase(name: string): Promise<void> {
    return this.exclusive(async () => {
      const db = this.liveDatabase(name);
      const writes: CatalogWrite[] = [
        { collection: 'databases', key: db.def.name, doc: undefined },
        { collection: 'tags', key: tagKey({ kind: 'database', databaseName: db.def.name }), doc: undefined },
      ];
      for (const t of db.tables.values()) writes.push(...this.tableDeletion(t));
      await this.store.commit(writes);
      this.databases.delete(db.def.name);
      for (const t of db.tables.values()) this.emit({ kind: 'tableDeleted', databaseName: db.def.name, tableName: t.def.name });
      this.emit({ kind: 'databaseDeleted', databaseName: db.def.name });
    });
  }

  /**
   * Makes a declared database match its declaration (the config is the source of truth):
   * creates it when missing, updates it when it differs.
   */
  ensureDatabase(input: DatabaseInput): Promise<'created' | 'updated' | 'unchanged'> {
    const existing = this.findDatabase(input.name);
    if (!existing) return this.createDatabase(input).then(() => 'created');
    const wanted = normalizeDatabase(input, existing.createdAtMs);
    if (canonicalJson(wanted) === canonicalJson(existing)) return Promise.resolve('unchanged');
    return this.updateDatabase(input.name, input).then(() => 'updated');
  }

  // ── tables ─────────────────────────────────────────────────────────────────

  /** The current definition of a table, or undefined (TableLookup, for other engines). */
  async getTable(databaseName: string, tableName: string): Promise<TableDefinition | undefined> {
    return this.findTable(databaseName, tableName);
  }

  findTable(databaseName: string, tableName: string): TableDefinition | undefined {
    return this.databases.get(foldName(databaseName))?.tables.get(foldName(tableName))?.def;
  }

  /** The current definition of a table; throws EntityNotFound. */
  describeTable(databaseName: string, tableName: string): TableDefinition {
    return this.liveTable(databaseName, tableName).def;
  }

  private liveTable(databaseName: string, tableName: string): LiveTable {
    const t = this.liveDatabase(databaseName).tables.get(foldName(tableName));
    if (!t) throw CatalogError.tableNotFound(foldName(tableName));
    return t;
  }

  /** The tables of a database in name order, optionally only those whose name matches a GetTables pattern. */
  listTables(databaseName: string, pattern?: string): TableDefinition[] {
    const db = this.liveDatabase(databaseName);
    const match = pattern === undefined || pattern === '' ? () => true : compileNamePattern(pattern);
    return [...db.tables.values()]
      .map((t) => t.def)
      .filter((t) => match(t.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createTable(databaseName: string, input: TableInput): Promise<TableDefinition> {
    return this.exclusive(async () => {
      const db = this.liveDatabase(databaseName);
      const now = this.clock();
      const def = normalizeTable(db.def.name, input, { createdAtMs: now, updatedAtMs: now, version: 0 });
      if (db.tables.has(def.name)) throw new CatalogError('AlreadyExists', 'Table already exists.');
      if (db.tables.size >= this.limits.tablesPerDatabase) {
        throw new CatalogError('ResourceNumberLimitExceeded', `The number of tables in database ${db.def.name} would exceed the limit of ${this.limits.tablesPerDatabase}.`);
      }
      const live = new LiveTable(randomUUID(), def);
      await this.store.commit([
        { collection: 'tables', key: live.id, doc: { id: live.id, table: def } satisfies StoredTable },
        { collection: 'tableVersions', key: versionDocKey(live.id, 0), doc: { tableId: live.id, table: def } satisfies StoredTableVersion },
      ]);
      live.versions.set(0, def);
      db.tables.set(def.name, live);
      this.emit({ kind: 'tableCreated', databaseName: db.def.name, tableName: def.name, version: 0 });
      return def;
    });
  }

  /**
   * Replaces a table's definition (UpdateTable): the version goes up by one and the
   * previous version stays readable unless `skipArchive`. With `expectedVersion`, the update
   * happens only if the table is still at that version.
   */
  updateTable(
    databaseName: string,
    input: TableInput,
    options: { readonly expectedVersion?: number | undefined; readonly skipArchive?: boolean | undefined } = {},
  ): Promise<TableDefinition> {
    return this.exclusive(async () => {
      const db = this.liveDatabase(databaseName);
      const live = db.tables.get(checkName('Table name', input.name));
      if (!live) throw CatalogError.tableNotFound(foldName(input.name));
      if (options.expectedVersion !== undefined && options.expectedVersion !== live.def.version) {
        throw new CatalogError(
          'ConcurrentModification',
          `Update table failed due to concurrent modifications: table ${live.def.name} is at version ${live.def.version}, not ${options.expectedVersion}.`,
        );
      }
      const version = live.def.version + 1;
      const def = normalizeTable(db.def.name, input, { createdAtMs: live.def.createdAtMs, updatedAtMs: this.clock(), version });
      if (live.partitions.size > 0 && def.partitionKeys.length !== live.def.partitionKeys.length) {
        throw CatalogError.invalid(`Table ${def.name} has partitions; its number of partition keys cannot change (${live.def.partitionKeys.length} → ${def.partitionKeys.length}).`);
      }
      if (!options.skipArchive && live.versions.size >= this.limits.versionsPerTable) {
        throw new CatalogError(
          'ResourceNumberLimitExceeded',
          `Table ${def.name} has ${live.versions.size} versions, the limit; delete old versions or update with SkipArchive.`,
        );
      }
      const writes: CatalogWrite[] = [
        { collection: 'tables', key: live.id, doc: { id: live.id, table: def } },
        { collection: 'tableVersions', key: versionDocKey(live.id, version), doc: { tableId: live.id, table: def } },
      ];
      if (options.skipArchive) writes.push({ collection: 'tableVersions', key: versionDocKey(live.id, live.def.version), doc: undefined });
      await this.store.commit(writes);
      if (options.skipArchive) live.versions.delete(live.def.version);
      live.versions.set(version, def);
      live.def = def;
      live.invalidate();
      this.emit({ kind: 'tableUpdated', databaseName: db.def.name, tableName: def.name, version });
      return def;
    });
  }

  /**
   * Makes a declared table match its declaration: creates it when missing, updates it (a
   * new version) when its definition differs from the declared one.
   */
  async ensureTable(databaseName: string, input: TableInput): Promise<'created' | 'updated' | 'unchanged'> {
    const existing = this.findTable(databaseName, input.name);
    if (!existing) {
      await this.createTable(databaseName, input);
      return 'created';
    }
    const times = { createdAtMs: existing.createdAtMs, updatedAtMs: existing.updatedAtMs, version: existing.version };
    const wanted = normalizeTable(existing.databaseName, input, times);
    if (canonicalJson(wanted) === canonicalJson(existing)) return 'unchanged';
    await this.updateTable(databaseName, input);
    return 'updated';
  }

  deleteTable(databaseName: string, tableName: string): Promise<void> {
    return this.exclusive(async () => {
      const db = this.liveDatabase(databaseName);
      const live = db.tables.get(foldName(tableName));
      if (!live) throw CatalogError.tableNotFound(foldName(tableName));
      await this.store.commit(this.tableDeletion(live));
      db.tables.delete(live.def.name);
      this.emit({ kind: 'tableDeleted', databaseName: db.def.name, tableName: live.def.name });
    });
  }

  /** Deletes several tables; a missing one is reported in its result, the others are deleted. */
  deleteTables(databaseName: string, tableNames: readonly string[]): Promise<Array<ItemResult<string>>> {
    return this.exclusive(async () => {
      const db = this.liveDatabase(databaseName);
      const results: Array<ItemResult<string>> = [];
      const doomed: LiveTable[] = [];
      for (const name of tableNames) {
        const live = db.tables.get(foldName(name));
        if (!live || doomed.includes(live)) results.push({ item: name, error: CatalogError.tableNotFound(foldName(name)) });
        else {
          doomed.push(live);
          results.push({ item: name });
        }
      }
      await this.store.commit(doomed.flatMap((t) => this.tableDeletion(t)));
      for (const t of doomed) {
        db.tables.delete(t.def.name);
        this.emit({ kind: 'tableDeleted', databaseName: db.def.name, tableName: t.def.name });
      }
      return results;
    });
  }

  /** The table document goes first: if only a prefix is applied, the rest are orphans removed at open. */
  private tableDeletion(live: LiveTable): CatalogWrite[] {
    return [
      { collection: 'tables', key: live.id, doc: undefined },
      { collection: 'tags', key: tagKey({ kind: 'table', databaseName: live.def.databaseName, tableName: live.def.name }), doc: undefined },
      ...[...live.versions.keys()].map((v): CatalogWrite => ({ collection: 'tableVersions', key: versionDocKey(live.id, v), doc: undefined })),
      ...[...live.partitions.values()].map((p): CatalogWrite => ({ collection: 'partitions', key: partitionDocKey(live.id, p.values), doc: undefined })),
    ];
  }

  /** A version of a table (the current one when `version` is undefined); throws EntityNotFound. */
  getTableVersion(databaseName: string, tableName: string, version?: number): TableDefinition {
    const live = this.liveTable(databaseName, tableName);
    if (version === undefined) return live.def;
    const def = live.versions.get(version);
    if (!def) throw new CatalogError('EntityNotFound', `Version ${version} of table ${live.def.name} not found.`);
    return def;
  }

  /** The kept versions of a table, newest first. */
  listTableVersions(databaseName: string, tableName: string): TableDefinition[] {
    const live = this.liveTable(databaseName, tableName);
    return [...live.versions.values()].sort((a, b) => b.version - a.version);
  }

  // ── partitions ─────────────────────────────────────────────────────────────

  createPartition(databaseName: string, tableName: string, input: PartitionInput, options: AddPartitionsOptions = {}): Promise<PartitionDefinition> {
    return this.createPartitions(databaseName, tableName, [input], options).then(([r]) => {
      if (r!.error) throw r!.error;
      return this.getPartition(databaseName, tableName, r!.item.values);
    });
  }

  /**
   * Adds partitions in one durable commit (BatchCreatePartition, MSCK REPAIR TABLE, INSERT
   * INTO). Each partition succeeds or fails on its own; a missing table fails the call.
   */
  createPartitions(
    databaseName: string,
    tableName: string,
    inputs: readonly PartitionInput[],
    options: AddPartitionsOptions = {},
  ): Promise<Array<ItemResult<PartitionInput>>> {
    return this.exclusive(async () => {
      const live = this.liveTable(databaseName, tableName);
      const now = this.clock();
      const results: Array<ItemResult<PartitionInput>> = [];
      const added = new Map<string, PartitionDefinition>();
      for (const input of inputs) {
        try {
          const values = checkPartitionValues(live.def, input.values);
          const key = valuesKey(values);
          if (live.partitions.has(key) || added.has(key)) {
            if (options.ifNotExists) {
              results.push({ item: input });
              continue;
            }
            throw new CatalogError('AlreadyExists', 'Partition already exists.');
          }
          if (live.partitions.size + added.size >= this.limits.partitionsPerTable) {
            throw new CatalogError('ResourceNumberLimitExceeded', `Table ${live.def.name} has reached the limit of ${this.limits.partitionsPerTable} partitions.`);
          }
          const partition = this.partitionFrom(live.def, { ...input, values }, now, options.inheritStorage ?? false);
          added.set(key, partition);
          results.push({ item: input });
        } catch (e) {
          if (!(e instanceof CatalogError)) throw e;
          results.push({ item: input, error: e });
        }
      }
      if (added.size === 0) return results;
      await this.store.commit(
        [...added.values()].map((p) => ({ collection: 'partitions', key: partitionDocKey(live.id, p.values), doc: { tableId: live.id, partition: p } satisfies StoredPartition })),
      );
      for (const [k, p] of added) live.partitions.set(k, p);
      live.invalidate();
      this.emit({ kind: 'partitionsAdded', databaseName: live.def.databaseName, tableName: live.def.name, values: [...added.values()].map((p) => p.values) });
      return results;
    });
  }

  private partitionFrom(table: TableDefinition, input: PartitionInput, createdAtMs: number, inherit: boolean): PartitionDefinition {
    const p: { -readonly [K in keyof PartitionDefinition]: PartitionDefinition[K] } = {
      databaseName: table.databaseName,
      tableName: table.name,
      values: [...input.values],
      storage: partitionStorage(table, input, inherit),
      parameters: { ...(input.parameters ?? {}) },
      createdAtMs,
    };
    if (input.lastAccessTimeMs !== undefined) p.lastAccessTimeMs = input.lastAccessTimeMs;
    if (input.lastAnalyzedTimeMs !== undefined) p.lastAnalyzedTimeMs = input.lastAnalyzedTimeMs;
    return p;
  }

  getPartition(databaseName: string, tableName: string, values: readonly string[]): PartitionDefinition {
    const live = this.liveTable(databaseName, tableName);
    const p = live.partitions.get(valuesKey(values));
    if (!p) throw CatalogError.partitionNotFound();
    return p;
  }

  /** The partitions that exist among those asked for (BatchGetPartition leaves the others out). */
  getPartitionsByValues(databaseName: string, tableName: string, valuesList: ReadonlyArray<readonly string[]>): PartitionDefinition[] {
    const live = this.liveTable(databaseName, tableName);
    const out: PartitionDefinition[] = [];
    const seen = new Set<string>();
    for (const values of valuesList) {
      const key = valuesKey(values);
      const p = live.partitions.get(key);
      if (p && !seen.has(key)) {
        seen.add(key);
        out.push(p);
      }
    }
    return out;
  }

  /** A page of a table's partitions in value order, filtered by a Glue expression and segment. */
  getPartitions(databaseName: string, tableName: string, query: PartitionQuery = {}): PartitionPage {
    const live = this.liveTable(databaseName, tableName);
    const predicate = query.expression !== undefined && query.expression.trim() !== '' ? compilePartitionExpression(query.expression, live.def.partitionKeys) : undefined;
    const segment = query.segment;
    if (segment && (!Number.isInteger(segment.total) || segment.total < 1 || !Number.isInteger(segment.number) || segment.number < 0 || segment.number >= segment.total)) {
      throw CatalogError.invalid(`Invalid segment: SegmentNumber ${segment.number} must be at least 0 and less than TotalSegments ${segment.total}.`);
    }
    const ordered = live.ordered();
    let start = 0;
    if (query.after) {
      const cmp = valuesComparator(live.def);
      const after = query.after;
      let lo = 0;
      let hi = ordered.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cmp(ordered[mid]!.values, after) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const out: PartitionDefinition[] = [];
    for (let i = start; i < ordered.length; i++) {
      const p = ordered[i]!;
      if (segment && segmentOf(p.values, segment.total) !== segment.number) continue;
      if (predicate && !predicate(p.values)) continue;
      if (out.length >= limit) return { partitions: out, next: out[out.length - 1]!.values };
      out.push(p);
    }
    return { partitions: out };
  }

  /** Replaces a partition's definition; new values in the input move it. */
  updatePartition(databaseName: string, tableName: string, values: readonly string[], input: PartitionInput): Promise<PartitionDefinition> {
    return this.exclusive(async () => {
      const live = this.liveTable(databaseName, tableName);
      const oldKey = valuesKey(values);
      const old = live.partitions.get(oldKey);
      if (!old) throw CatalogError.partitionNotFound();
      const newValues = checkPartitionValues(live.def, input.values.length > 0 ? input.values : values);
      const newKey = valuesKey(newValues);
      if (newKey !== oldKey && live.partitions.has(newKey)) throw new CatalogError('AlreadyExists', 'Partition already exists.');
      const p = this.partitionFrom(live.def, { ...input, values: newValues }, old.createdAtMs, false);
      const writes: CatalogWrite[] = [{ collection: 'partitions', key: partitionDocKey(live.id, newValues), doc: { tableId: live.id, partition: p } }];
      if (newKey !== oldKey) writes.push({ collection: 'partitions', key: partitionDocKey(live.id, values), doc: undefined });
      await this.store.commit(writes);
      live.partitions.delete(oldKey);
      live.partitions.set(newKey, p);
      live.invalidate();
      if (newKey !== oldKey) {
        this.emit({ kind: 'partitionsDeleted', databaseName: p.databaseName, tableName: p.tableName, values: [old.values] });
        this.emit({ kind: 'partitionsAdded', databaseName: p.databaseName, tableName: p.tableName, values: [p.values] });
      } else {
        this.emit({ kind: 'partitionsUpdated', databaseName: p.databaseName, tableName: p.tableName, values: [p.values] });
      }
      return p;
    });
  }

  deletePartition(databaseName: string, tableName: string, values: readonly string[]): Promise<void> {
    return this.deletePartitions(databaseName, tableName, [values]).then(([r]) => {
      if (r!.error) throw r!.error;
    });
  }

  /** Deletes partitions in one commit; a missing one is reported in its result. */
  deletePartitions(databaseName: string, tableName: string, valuesList: ReadonlyArray<readonly string[]>): Promise<Array<ItemResult<readonly string[]>>> {
    return this.exclusive(async () => {
      const live = this.liveTable(databaseName, tableName);
      const results: Array<ItemResult<readonly string[]>> = [];
      const doomed = new Map<string, PartitionDefinition>();
      for (const values of valuesList) {
        const key = valuesKey(values);
        const p = live.partitions.get(key);
        if (!p || doomed.has(key)) results.push({ item: values, error: CatalogError.partitionNotFound() });
        else {
          doomed.set(key, p);
          results.push({ item: values });
        }
      }
      if (doomed.size === 0) return results;
      await this.store.commit([...doomed.values()].map((p) => ({ collection: 'partitions', key: partitionDocKey(live.id, p.values), doc: undefined })));
      for (const k of doomed.keys()) live.partitions.delete(k);
      live.invalidate();
      this.emit({ kind: 'partitionsDeleted', databaseName: live.def.databaseName, tableName: live.def.name, values: [...doomed.values()].map((p) => p.values) });
      return results;
    });
  }

  partitionCount(databaseName: string, tableName: string): number {
    return this.liveTable(databaseName, tableName).partitions.size;
  }

  // ── tags ───────────────────────────────────────────────────────────────────

  private taggable(r: CatalogResource): { tags: Readonly<Record<string, string>> } {
    switch (r.kind) {
      case 'catalog':
        return this.catalogTags;
      case 'database':
        return this.liveDatabase(r.databaseName);
      case 'table':
        return this.liveTable(r.databaseName, r.tableName);
    }
  }

  private normalizedResource(r: CatalogResource): CatalogResource {
    if (r.kind === 'database') return { kind: 'database', databaseName: foldName(r.databaseName) };
    if (r.kind === 'table') return { kind: 'table', databaseName: foldName(r.databaseName), tableName: foldName(r.tableName) };
    return r;
  }

  getTags(resource: CatalogResource): Readonly<Record<string, string>> {
    return { ...this.taggable(resource).tags };
  }

  private checkTags(tags: Readonly<Record<string, string>>): void {
    if (Object.keys(tags).length > this.limits.tagsPerResource) {
      throw CatalogError.invalid(`A resource can have at most ${this.limits.tagsPerResource} tags.`);
    }
  }

  tagResource(resource: CatalogResource, tags: Readonly<Record<string, string>>): Promise<void> {
    return this.exclusive(async () => {
      const target = this.taggable(resource);
      const merged = { ...target.tags, ...tags };
      this.checkTags(merged);
      const key = tagKey(this.normalizedResource(resource));
      await this.store.commit([{ collection: 'tags', key, doc: { resource: key, tags: merged } }]);
      target.tags = merged;
    });
  }

  untagResource(resource: CatalogResource, keys: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      const target = this.taggable(resource);
      const remaining = { ...target.tags };
      for (const k of keys) delete remaining[k];
      const key = tagKey(this.normalizedResource(resource));
      await this.store.commit([{ collection: 'tags', key, doc: Object.keys(remaining).length > 0 ? { resource: key, tags: remaining } : undefined }]);
      target.tags = remaining;
    });
  }

  /** Waits for changes under way (for shutdown). */
  async close(): Promise<void> {
    await this.queue;
  }
}

/** A stable segment for a partition (FNV-1a of its values). */
function segmentOf(values: readonly string[], total: number): number {
  let h = 0x811c9dc5;
  const s = valuesKey(values);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % total;
}
