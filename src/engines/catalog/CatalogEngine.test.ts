import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryDocumentStore } from '../../adapters/memory/MemoryDocumentStore.js';
import type { DocumentStore } from '../kernel/DocumentStore.js';
import { CatalogEngine, type CatalogChange, type CatalogLimits } from './CatalogEngine.js';
import { CatalogError, type CatalogErrorKind } from './CatalogError.js';
import { DocumentCatalogStore } from './DocumentCatalogStore.js';
import type { TableInput } from './inputs.js';

function clock() {
  let t = 1_700_000_000_000;
  return () => (t += 1000);
}

async function open(store: DocumentStore = new MemoryDocumentStore(), limits: Partial<CatalogLimits> = {}) {
  return { store, catalog: await CatalogEngine.open(new DocumentCatalogStore(store), { clock: clock(), limits }) };
}

async function rejects(p: Promise<unknown> | (() => unknown), kind: CatalogErrorKind, message?: RegExp) {
  const run = typeof p === 'function' ? async () => p() : () => p;
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof CatalogError, String(e));
    assert.equal(e.kind, kind, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const events: TableInput = {
  name: 'Events-Dev-Blog',
  tableType: 'EXTERNAL_TABLE',
  parameters: { EXTERNAL: 'TRUE' },
  storage: {
    location: 's3://events-dev-blog/',
    serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', parameters: { 'serialization.format': '1' } },
    columns: [
      { name: 'id', type: 'string' },
      { name: 'userId', type: 'string' },
      { name: 'timestamp', type: 'timestamp' },
    ],
  },
};

const partitioned: TableInput = {
  name: 'clicks',
  storage: { location: 's3://lake/clicks', columns: [{ name: 'url', type: 'string' }] },
  partitionKeys: [
    { name: 'year', type: 'string' },
    { name: 'hour', type: 'int' },
  ],
};

describe('CatalogEngine', () => {
  it('creates, lists, updates and deletes databases; names are folded to lower case', async () => {
    const { catalog } = await open();
    const db = await catalog.createDatabase({ name: 'Video-Analytics-Dev-Blog', description: 'lab' });
    assert.equal(db.name, 'video-analytics-dev-blog');
    assert.equal(catalog.getDatabase('VIDEO-analytics-dev-blog').description, 'lab');
    await rejects(catalog.createDatabase({ name: 'video-analytics-dev-blog' }), 'AlreadyExists', /^Database already exists\.$/);
    await catalog.createDatabase({ name: 'another' });
    assert.deepEqual(catalog.listDatabases().map((d) => d.name), ['another', 'video-analytics-dev-blog']);
    const updated = await catalog.updateDatabase('video-analytics-dev-blog', { name: 'video-analytics-dev-blog', parameters: { a: 'b' } });
    assert.deepEqual(updated.parameters, { a: 'b' });
    assert.equal(updated.description, undefined, 'an update replaces the definition');
    assert.equal(updated.createdAtMs, db.createdAtMs);
    await rejects(catalog.updateDatabase('another', { name: 'renamed' }), 'InvalidInput', /cannot be renamed/);
    await catalog.deleteDatabase('Another');
    await rejects(() => catalog.getDatabase('another'), 'EntityNotFound', /^Database another not found\.$/);
    await rejects(catalog.deleteDatabase('another'), 'EntityNotFound');
    await rejects(catalog.createDatabase({ name: '' }), 'InvalidInput');
    await rejects(catalog.createDatabase({ name: 'a\nb' }), 'InvalidInput', /not allowed/);
  });

  it('refuses a database beyond the limit', async () => {
    const { catalog } = await open(undefined, { databases: 2 });
    await catalog.createDatabase({ name: 'a' });
    await catalog.createDatabase({ name: 'b' });
    await rejects(catalog.createDatabase({ name: 'c' }), 'ResourceNumberLimitExceeded');
  });

  it('creates tables with validated, lower-cased columns and Hive types', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    const t = await catalog.createTable('db', events);
    assert.equal(t.name, 'events-dev-blog');
    assert.equal(t.version, 0);
    assert.deepEqual(t.storage.columns.map((c) => c.name), ['id', 'userid', 'timestamp']);
    assert.deepEqual(await catalog.getTable('DB', 'EVENTS-DEV-BLOG'), t);
    assert.equal(await catalog.getTable('db', 'nope'), undefined);
    assert.equal(await catalog.getTable('nodb', 'events-dev-blog'), undefined);
    await rejects(catalog.createTable('db', events), 'AlreadyExists', /^Table already exists\.$/);
    await rejects(catalog.createTable('nodb', events), 'EntityNotFound', /^Database nodb not found\.$/);
    await rejects(() => catalog.describeTable('db', 'missing'), 'EntityNotFound', /^Table missing not found\.$/);
    const bad = (columns: TableInput['partitionKeys'], keys: TableInput['partitionKeys'] = []) =>
      catalog.createTable('db', { name: 'bad', storage: { columns }, partitionKeys: keys });
    await rejects(bad([{ name: 'a', type: 'strng' }]), 'InvalidInput', /Column 'a' has an invalid type: unknown type 'strng'/);
    await rejects(bad([{ name: 'a' }]), 'InvalidInput', /Column 'a' has no type/);
    await rejects(bad([{ name: 'a', type: 'int' }, { name: 'A', type: 'int' }]), 'InvalidInput', /appears more than once/);
    await rejects(bad([{ name: 'a', type: 'int' }], [{ name: 'p', type: 'array<int>' }]), 'InvalidInput', /only primitive types/);
    await rejects(bad([{ name: 'a', type: 'int' }], [{ name: 'A', type: 'int' }]), 'InvalidInput', /also a column/);
    assert.equal(catalog.findTable('db', 'bad'), undefined);
    // a view's column types are Athena's business (its Presto definition), not checked as Hive types
    await rejects(bad([{ name: 'a', type: 'varchar' }]), 'InvalidInput', /Column 'a' has an invalid type/);
    const view = await catalog.createTable('db', { name: 'v', tableType: 'VIRTUAL_VIEW', storage: { columns: [{ name: 'a', type: 'varchar' }, { name: 'b', type: 'row(x integer)' }] } });
    assert.deepEqual(view.storage.columns.map((c) => c.type), ['varchar', 'row(x integer)']);
    await rejects(catalog.createTable('db', { name: 'v2', tableType: 'VIRTUAL_VIEW', storage: { columns: [{ name: 'a' }] } }), 'InvalidInput', /Column 'a' has no type/);
  });

  it('lists tables, with GetTables name patterns', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    for (const name of ['b_events', 'a_events', 'clicks']) await catalog.createTable('db', { name, storage: { columns: [{ name: 'x', type: 'int' }] } });
    assert.deepEqual(catalog.listTables('db').map((t) => t.name), ['a_events', 'b_events', 'clicks']);
    assert.deepEqual(catalog.listTables('db', '*events').map((t) => t.name), ['a_events', 'b_events']);
    await rejects(() => catalog.listTables('none'), 'EntityNotFound');
  });

  it('keeps table versions: UpdateTable adds one, SkipArchive drops the previous, VersionId guards', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', events);
    const v1 = await catalog.updateTable('db', { ...events, description: 'v1' });
    assert.equal(v1.version, 1);
    assert.ok(v1.updatedAtMs > v1.createdAtMs);
    const v2 = await catalog.updateTable('db', { ...events, description: 'v2' }, { expectedVersion: 1 });
    assert.equal(v2.version, 2);
    await rejects(catalog.updateTable('db', { ...events, description: 'stale' }, { expectedVersion: 1 }), 'ConcurrentModification');
    assert.deepEqual(catalog.listTableVersions('db', 'events-dev-blog').map((t) => [t.version, t.description]), [
      [2, 'v2'],
      [1, 'v1'],
      [0, undefined],
    ]);
    assert.equal(catalog.getTableVersion('db', 'events-dev-blog', 1).description, 'v1');
    assert.equal(catalog.getTableVersion('db', 'events-dev-blog').version, 2);
    const v3 = await catalog.updateTable('db', { ...events, description: 'v3' }, { skipArchive: true });
    assert.equal(v3.version, 3);
    assert.deepEqual(catalog.listTableVersions('db', 'events-dev-blog').map((t) => t.version), [3, 1, 0]);
    await rejects(() => catalog.getTableVersion('db', 'events-dev-blog', 2), 'EntityNotFound');
    await rejects(catalog.updateTable('db', { ...events, name: 'missing' }), 'EntityNotFound', /Table missing not found/);
    await rejects(catalog.updateTable('db', { ...events, storage: { columns: [{ name: 'x', type: 'nope' }] } }), 'InvalidInput');
    assert.equal(catalog.describeTable('db', 'events-dev-blog').version, 3, 'a refused update changes nothing');
  });

  it('refuses an update beyond the version limit unless it skips the archive', async () => {
    const { catalog } = await open(undefined, { versionsPerTable: 2 });
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', events);
    await catalog.updateTable('db', events);
    await rejects(catalog.updateTable('db', events), 'ResourceNumberLimitExceeded');
    assert.equal((await catalog.updateTable('db', events, { skipArchive: true })).version, 2);
  });

  it('adds partitions in batches with per-partition errors, and reads them back filtered and paged', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    const inputs = [];
    for (const year of ['2023', '2024']) for (let hour = 0; hour < 12; hour++) inputs.push({ values: [year, String(hour)] });
    const results = await catalog.createPartitions('db', 'clicks', [...inputs, { values: ['2024', '1'] }, { values: ['2024'] }]);
    assert.equal(results.filter((r) => r.error).length, 2);
    assert.equal(results[24]!.error!.kind, 'AlreadyExists');
    assert.equal(results[24]!.error!.message, 'Partition already exists.');
    assert.equal(results[25]!.error!.kind, 'InvalidInput');
    assert.match(results[25]!.error!.message, /number of partition values \(1\) does not match the number of partition keys \(2\)/);
    assert.equal(catalog.partitionCount('db', 'clicks'), 24);

    // Numeric keys sort numerically.
    const all = catalog.getPartitions('db', 'clicks').partitions.map((p) => p.values.join('/'));
    assert.deepEqual(all.slice(0, 12), ['2023/0', '2023/1', '2023/2', '2023/3', '2023/4', '2023/5', '2023/6', '2023/7', '2023/8', '2023/9', '2023/10', '2023/11']);

    const filtered = catalog.getPartitions('db', 'clicks', { expression: "year = '2024' AND hour BETWEEN 9 AND 10" });
    assert.deepEqual(filtered.partitions.map((p) => p.values), [['2024', '9'], ['2024', '10']]);
    assert.equal(filtered.next, undefined);

    const pages: string[][] = [];
    let after: readonly string[] | undefined;
    do {
      const page = catalog.getPartitions('db', 'clicks', { expression: 'hour >= 6', limit: 5, after });
      pages.push(page.partitions.map((p) => p.values.join('/')));
      after = page.next;
    } while (after);
    assert.deepEqual(pages.map((p) => p.length), [5, 5, 2]);
    assert.equal(new Set(pages.flat()).size, 12);

    const segments = [0, 1, 2].map((number) => catalog.getPartitions('db', 'clicks', { segment: { number, total: 3 } }).partitions.map((p) => p.values.join('/')));
    assert.deepEqual(segments.flat().sort(), [...all].sort(), 'segments cover every partition exactly once');
    await rejects(() => catalog.getPartitions('db', 'clicks', { segment: { number: 3, total: 3 } }), 'InvalidInput');
    await rejects(() => catalog.getPartitions('db', 'clicks', { expression: "minute = '1'" }), 'InvalidInput', /not a partition key/);

    assert.deepEqual(catalog.getPartition('db', 'clicks', ['2023', '5']).values, ['2023', '5']);
    await rejects(() => catalog.getPartition('db', 'clicks', ['2023', '99']), 'EntityNotFound', /^Cannot find partition\.$/);
    assert.deepEqual(
      catalog.getPartitionsByValues('db', 'clicks', [['2023', '1'], ['1999', '1'], ['2023', '1']]).map((p) => p.values),
      [['2023', '1']],
    );
  });

  it('adds partitions the way MSCK REPAIR and INSERT INTO need: existing ones skipped, storage inherited', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', { ...partitioned, storage: { ...partitioned.storage, inputFormat: 'parquet-in', serdeInfo: { serializationLibrary: 'parquet' } } });
    await catalog.createPartition('db', 'clicks', { values: ['2024', '1'], parameters: { mine: 'yes' } });
    const results = await catalog.createPartitions('db', 'clicks', [{ values: ['2024', '1'] }, { values: ['2024', '2'] }, { values: ['a/b', '3'] }], { ifNotExists: true, inheritStorage: true });
    assert.ok(results.every((r) => !r.error));
    assert.deepEqual(catalog.getPartition('db', 'clicks', ['2024', '1']).parameters, { mine: 'yes' }, 'an existing partition is left alone');
    const p = catalog.getPartition('db', 'clicks', ['2024', '2']);
    assert.equal(p.storage.location, 's3://lake/clicks/year=2024/hour=2/');
    assert.equal(p.storage.inputFormat, 'parquet-in');
    assert.deepEqual(p.storage.columns, [{ name: 'url', type: 'string' }]);
    assert.equal(catalog.getPartition('db', 'clicks', ['a/b', '3']).storage.location, 's3://lake/clicks/year=a%2Fb/hour=3/');
  });

  it('updates (and moves) and deletes partitions', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    await catalog.createPartitions('db', 'clicks', [{ values: ['2024', '1'] }, { values: ['2024', '2'] }]);
    const moved = await catalog.updatePartition('db', 'clicks', ['2024', '1'], { values: ['2024', '3'], storage: { location: 's3://x/' } });
    assert.equal(moved.storage.location, 's3://x/');
    await rejects(() => catalog.getPartition('db', 'clicks', ['2024', '1']), 'EntityNotFound');
    await rejects(catalog.updatePartition('db', 'clicks', ['2024', '3'], { values: ['2024', '2'] }), 'AlreadyExists');
    await rejects(catalog.updatePartition('db', 'clicks', ['2024', '9'], { values: ['2024', '9'] }), 'EntityNotFound');
    const deleted = await catalog.deletePartitions('db', 'clicks', [['2024', '2'], ['2024', '7']]);
    assert.equal(deleted[0]!.error, undefined);
    assert.equal(deleted[1]!.error!.kind, 'EntityNotFound');
    await catalog.deletePartition('db', 'clicks', ['2024', '3']);
    await rejects(catalog.deletePartition('db', 'clicks', ['2024', '3']), 'EntityNotFound');
    assert.equal(catalog.partitionCount('db', 'clicks'), 0);
  });

  it('refuses changing the number of partition keys of a table that has partitions', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    await catalog.createPartition('db', 'clicks', { values: ['2024', '1'] });
    await rejects(catalog.updateTable('db', { ...partitioned, partitionKeys: [{ name: 'year', type: 'string' }] }), 'InvalidInput', /number of partition keys cannot change/);
  });

  it('refuses partitions beyond the per-table limit, one by one', async () => {
    const { catalog } = await open(undefined, { partitionsPerTable: 2 });
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    const r = await catalog.createPartitions('db', 'clicks', [{ values: ['1', '1'] }, { values: ['1', '2'] }, { values: ['1', '3'] }]);
    assert.deepEqual(r.map((x) => x.error?.kind), [undefined, undefined, 'ResourceNumberLimitExceeded']);
  });

  it('deletes tables and databases with everything in them; a new table of the same name starts empty', async () => {
    const { store, catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    await catalog.createPartition('db', 'clicks', { values: ['2024', '1'] });
    await catalog.tagResource({ kind: 'table', databaseName: 'db', tableName: 'clicks' }, { a: '1' });
    await catalog.deleteDatabase('db');
    await rejects(async () => catalog.listTables('db'), 'EntityNotFound');
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    assert.equal(catalog.partitionCount('db', 'clicks'), 0);
    assert.deepEqual(catalog.getTags({ kind: 'table', databaseName: 'db', tableName: 'clicks' }), {});
    assert.equal(catalog.listTableVersions('db', 'clicks').length, 1);
    const r = await catalog.deleteTables('db', ['clicks', 'nope', 'CLICKS']);
    assert.deepEqual(r.map((x) => x.error?.kind), [undefined, 'EntityNotFound', 'EntityNotFound']);
    // Nothing of the deleted tables is left in the store.
    assert.equal((await store.collection('catalog.partitions').list()).length, 0);
    assert.equal((await store.collection('catalog.tableVersions').list()).length, 0);
    assert.equal((await store.collection('catalog.tables').list()).length, 0);
  });

  it('tags databases, tables and the catalog', async () => {
    const { catalog } = await open(undefined, { tagsPerResource: 3 });
    await catalog.createDatabase({ name: 'db' }, { team: 'data' });
    assert.deepEqual(catalog.getTags({ kind: 'database', databaseName: 'DB' }), { team: 'data' });
    await catalog.tagResource({ kind: 'database', databaseName: 'db' }, { env: 'dev', team: 'lake' });
    await catalog.untagResource({ kind: 'database', databaseName: 'db' }, ['env', 'absent']);
    assert.deepEqual(catalog.getTags({ kind: 'database', databaseName: 'db' }), { team: 'lake' });
    await rejects(catalog.tagResource({ kind: 'database', databaseName: 'db' }, { a: '1', b: '2', c: '3' }), 'InvalidInput', /at most 3 tags/);
    await rejects(catalog.tagResource({ kind: 'table', databaseName: 'db', tableName: 'none' }, { a: '1' }), 'EntityNotFound');
    await catalog.tagResource({ kind: 'catalog' }, { owner: 'me' });
    assert.deepEqual(catalog.getTags({ kind: 'catalog' }), { owner: 'me' });
  });

  it('tells listeners what changed, and survives a listener that throws', async () => {
    const seen: CatalogChange[] = [];
    const errors: unknown[] = [];
    const catalog = await CatalogEngine.open(new DocumentCatalogStore(new MemoryDocumentStore()), { onListenerError: (e) => errors.push(e) });
    catalog.onChange(() => {
      throw new Error('boom');
    });
    const off = catalog.onChange((c) => seen.push(c));
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    await catalog.updateTable('db', partitioned);
    await catalog.createPartitions('db', 'clicks', [{ values: ['1', '1'] }, { values: ['1', '2'] }]);
    await catalog.deletePartition('db', 'clicks', ['1', '1']);
    await catalog.deleteDatabase('db');
    off();
    await catalog.createDatabase({ name: 'after' });
    assert.deepEqual(seen, [
      { kind: 'databaseCreated', databaseName: 'db' },
      { kind: 'tableCreated', databaseName: 'db', tableName: 'clicks', version: 0 },
      { kind: 'tableUpdated', databaseName: 'db', tableName: 'clicks', version: 1 },
      { kind: 'partitionsAdded', databaseName: 'db', tableName: 'clicks', values: [['1', '1'], ['1', '2']] },
      { kind: 'partitionsDeleted', databaseName: 'db', tableName: 'clicks', values: [['1', '1']] },
      { kind: 'tableDeleted', databaseName: 'db', tableName: 'clicks' },
      { kind: 'databaseDeleted', databaseName: 'db' },
    ]);
    assert.equal(errors.length, 8, 'the throwing listener saw every change, including the last');
  });

  it('serialises concurrent changes', async () => {
    const { catalog } = await open();
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 50 }, (_, i) => catalog.createPartition('db', 'clicks', { values: ['x', String(i % 25)] })),
      ...Array.from({ length: 5 }, () => catalog.updateTable('db', partitioned)),
    ]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 30);
    assert.equal(catalog.partitionCount('db', 'clicks'), 25);
    assert.equal(catalog.describeTable('db', 'clicks').version, 5);
  });

  it('makes declared databases and tables match their declaration', async () => {
    const { catalog } = await open();
    assert.equal(await catalog.ensureDatabase({ name: 'db' }), 'created');
    assert.equal(await catalog.ensureDatabase({ name: 'DB' }), 'unchanged');
    assert.equal(await catalog.ensureDatabase({ name: 'db', description: 'new' }), 'updated');
    assert.equal(await catalog.ensureTable('db', events), 'created');
    assert.equal(await catalog.ensureTable('db', events), 'unchanged');
    const changed = { ...events, storage: { ...events.storage, columns: [...events.storage!.columns!, { name: 'format', type: 'string' }] } };
    assert.equal(await catalog.ensureTable('db', changed), 'updated');
    assert.equal(catalog.describeTable('db', 'events-dev-blog').version, 1);
    assert.equal(await catalog.ensureTable('db', changed), 'unchanged');
  });

  it('persists everything across a reopen', async () => {
    const { store, catalog } = await open();
    await catalog.createDatabase({ name: 'db', parameters: { p: '1' } }, { team: 'data' });
    await catalog.createTable('db', partitioned);
    await catalog.updateTable('db', { ...partitioned, description: 'v1' });
    await catalog.createPartitions('db', 'clicks', [{ values: ['2024', '10'] }, { values: ['2024', '9'] }]);
    await catalog.tagResource({ kind: 'table', databaseName: 'db', tableName: 'clicks' }, { t: '1' });
    const { catalog: again } = await open(store);
    assert.deepEqual(again.listDatabases(), catalog.listDatabases());
    assert.deepEqual(again.describeTable('db', 'clicks'), catalog.describeTable('db', 'clicks'));
    assert.deepEqual(again.listTableVersions('db', 'clicks'), catalog.listTableVersions('db', 'clicks'));
    assert.deepEqual(again.getPartitions('db', 'clicks').partitions.map((p) => p.values), [['2024', '9'], ['2024', '10']]);
    assert.deepEqual(again.getTags({ kind: 'database', databaseName: 'db' }), { team: 'data' });
    assert.deepEqual(again.getTags({ kind: 'table', databaseName: 'db', tableName: 'clicks' }), { t: '1' });
  });

  it('removes what an interrupted deletion left behind when it opens', async () => {
    const memory = new MemoryDocumentStore();
    const { catalog } = await open(memory);
    await catalog.createDatabase({ name: 'db' });
    await catalog.createTable('db', partitioned);
    await catalog.createPartitions('db', 'clicks', [{ values: ['1', '1'] }, { values: ['1', '2'] }]);
    // The store dies after the first write of the deletion: the database document is gone, the rest is not.
    let writesLeft = 1;
    const dying: DocumentStore = {
      collection<T>(name: string) {
        const c = memory.collection<T>(name);
        const guard = () => {
          if (writesLeft-- <= 0) throw new Error('disk gone');
        };
        return { ...c, put: async (k: string, d: T) => (guard(), c.put(k, d)), delete: async (k: string) => (guard(), c.delete(k)) };
      },
      close: async () => {},
    };
    const crashing = await CatalogEngine.open(new DocumentCatalogStore(dying));
    await assert.rejects(crashing.deleteDatabase('db'), /disk gone/);
    assert.equal((await memory.collection('catalog.partitions').list()).length, 2, 'orphans are on disk');
    const { catalog: reopened } = await open(memory);
    assert.deepEqual(reopened.listDatabases(), []);
    assert.equal((await memory.collection('catalog.tables').list()).length, 0);
    assert.equal((await memory.collection('catalog.tableVersions').list()).length, 0);
    assert.equal((await memory.collection('catalog.partitions').list()).length, 0);
  });
});
