import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { aws, cliBinary, type CliVersion } from '../helpers/awsCli.js';
import { LAB_CATALOG } from '../helpers/labCatalog.js';
import { startServer, type InProcessServer } from '../helpers/server.js';

let server: InProcessServer;

before(async () => {
  server = await startServer(`region: eu-west-1\n${LAB_CATALOG}`);
});
after(async () => server.stop());

interface Table {
  Name: string;
  VersionId: string;
  StorageDescriptor: { Columns: Array<{ Name: string; Type: string }>; Location: string; SerdeInfo: { SerializationLibrary: string } };
  PartitionKeys: Array<{ Name: string }>;
}

for (const version of [1, 2] as CliVersion[]) {
  describe(`Glue conformance: AWS CLI v${version}`, { skip: cliBinary(version) ? false : 'AWS CLI v2 not installed' }, () => {
    const g = (...args: string[]) => aws(version, server.url, ['glue', ...args]);
    const db = `cli_v${version}`;
    const file = (name: string) => join(server.dataDir, `v${version}-${name}`);

    it("lists the lab's database and table", async () => {
      const dbs = await g('get-databases');
      assert.equal(dbs.code, 0, dbs.stderr);
      assert.ok(dbs.json<{ DatabaseList: Array<{ Name: string }> }>().DatabaseList.some((d) => d.Name === 'video-analytics-dev-blog'));
      const tables = await g('get-tables', '--database-name', 'video-analytics-dev-blog');
      assert.equal(tables.code, 0, tables.stderr);
      const [t] = tables.json<{ TableList: Table[] }>().TableList;
      assert.equal(t!.Name, 'events-dev-blog');
      assert.equal(t!.StorageDescriptor.Location, 's3://events-dev-blog/');
      assert.equal(t!.StorageDescriptor.SerdeInfo.SerializationLibrary, 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
      assert.deepEqual(t!.StorageDescriptor.Columns.map((c) => `${c.Name}:${c.Type}`), ['id:string', 'userid:string', 'format:string', 'timestamp:timestamp']);
      const one = await g('get-table', '--database-name', 'video-analytics-dev-blog', '--name', 'events-dev-blog', '--query', 'Table.VersionId', '--output', 'text');
      assert.equal(one.stdout.trim(), '0');
    });

    it('creates a database and a table from a file', async () => {
      assert.equal((await g('create-database', '--database-input', `Name=${db},Description=from the CLI`)).code, 0);
      await writeFile(
        file('table.json'),
        JSON.stringify({
          Name: 'Trades',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { classification: 'parquet' },
          StorageDescriptor: {
            Location: 's3://lake/trades/',
            SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
            Columns: [
              { Name: 'symbol', Type: 'string' },
              { Name: 'price', Type: 'decimal(18,4)' },
              { Name: 'legs', Type: 'array<struct<qty:int,side:string>>' },
            ],
          },
          PartitionKeys: [
            { Name: 'year', Type: 'string' },
            { Name: 'month', Type: 'string' },
          ],
        }),
      );
      const created = await g('create-table', '--database-name', db, '--table-input', `file://${file('table.json')}`);
      assert.equal(created.code, 0, created.stderr);
      const t = (await g('get-table', '--database-name', db, '--name', 'trades')).json<{ Table: Table }>().Table;
      assert.equal(t.Name, 'trades');
      assert.deepEqual(t.PartitionKeys.map((k) => k.Name), ['year', 'month']);
      assert.equal(t.StorageDescriptor.Columns[2]!.Type, 'array<struct<qty:int,side:string>>');
    });

    it('adds partitions in a batch and filters them with an expression', async () => {
      const inputs = [];
      for (const year of ['2023', '2024']) for (const month of ['01', '02', '03']) inputs.push({ Values: [year, month], StorageDescriptor: { Location: `s3://lake/trades/year=${year}/month=${month}/` } });
      inputs.push({ Values: ['2024', '01'] });
      await writeFile(file('partitions.json'), JSON.stringify(inputs));
      const batch = await g('batch-create-partition', '--database-name', db, '--table-name', 'trades', '--partition-input-list', `file://${file('partitions.json')}`);
      assert.equal(batch.code, 0, batch.stderr);
      const errors = batch.json<{ Errors: Array<{ PartitionValues: string[]; ErrorDetail: { ErrorCode: string } }> }>().Errors;
      assert.deepEqual(errors.map((e) => [e.PartitionValues, e.ErrorDetail.ErrorCode]), [[['2024', '01'], 'AlreadyExistsException']]);
      const got = await g('get-partitions', '--database-name', db, '--table-name', 'trades', '--expression', "year='2024' AND month>'01'");
      assert.equal(got.code, 0, got.stderr);
      assert.deepEqual(got.json<{ Partitions: Array<{ Values: string[] }> }>().Partitions.map((p) => p.Values.join('/')), ['2024/02', '2024/03']);
      // The CLI follows NextToken itself when a page size is set.
      const paged = await g('get-partitions', '--database-name', db, '--table-name', 'trades', '--page-size', '2');
      assert.equal(paged.json<{ Partitions: unknown[] }>().Partitions.length, 6);
      const one = await g('get-partition', '--database-name', db, '--table-name', 'trades', '--partition-values', '2023', '03');
      assert.equal(one.json<{ Partition: { StorageDescriptor: { Location: string } } }>().Partition.StorageDescriptor.Location, 's3://lake/trades/year=2023/month=03/');
      const del = await g('batch-delete-partition', '--database-name', db, '--table-name', 'trades', '--partitions-to-delete', 'Values=2023,01', 'Values=1999,01');
      assert.equal(del.code, 0, del.stderr);
      assert.equal(del.json<{ Errors: Array<{ ErrorDetail: { ErrorCode: string } }> }>().Errors[0]!.ErrorDetail.ErrorCode, 'EntityNotFoundException');
    });

    it('updates a table and lists its versions', async () => {
      const t = (await g('get-table', '--database-name', db, '--name', 'trades')).json<{ Table: Table & Record<string, unknown> }>().Table;
      await writeFile(
        file('update.json'),
        JSON.stringify({ Name: t.Name, Description: 'with volume', StorageDescriptor: { ...t.StorageDescriptor, Columns: [...t.StorageDescriptor.Columns, { Name: 'volume', Type: 'bigint' }] }, PartitionKeys: t.PartitionKeys }),
      );
      const upd = await g('update-table', '--database-name', db, '--table-input', `file://${file('update.json')}`, '--version-id', '0');
      assert.equal(upd.code, 0, upd.stderr);
      const stale = await g('update-table', '--database-name', db, '--table-input', `file://${file('update.json')}`, '--version-id', '0');
      assert.notEqual(stale.code, 0);
      assert.match(stale.stderr, /ConcurrentModificationException/);
      const versions = await g('get-table-versions', '--database-name', db, '--table-name', 'trades');
      assert.deepEqual(versions.json<{ TableVersions: Array<{ VersionId: string }> }>().TableVersions.map((v) => v.VersionId), ['1', '0']);
    });

    it('prints Glue errors', async () => {
      const missing = await g('get-table', '--database-name', db, '--name', 'nope');
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /EntityNotFoundException/);
      assert.match(missing.stderr, /Table nope not found\./);
      const noDb = await g('get-tables', '--database-name', 'no_such_db');
      assert.match(noDb.stderr, /EntityNotFoundException.*Database no_such_db not found\./s);
      await writeFile(file('bad.json'), JSON.stringify({ Name: 'bad', StorageDescriptor: { Columns: [{ Name: 'a', Type: 'map<string>' }] } }));
      const bad = await g('create-table', '--database-name', db, '--table-input', `file://${file('bad.json')}`);
      assert.match(bad.stderr, /InvalidInputException/);
      const dup = await g('create-database', '--database-input', `Name=${db.toUpperCase()}`);
      assert.match(dup.stderr, /AlreadyExistsException.*Database already exists\./s);
      const expr = await g('get-partitions', '--database-name', db, '--table-name', 'trades', '--expression', 'year ==');
      assert.match(expr.stderr, /InvalidInputException/);
    });

    it('deletes the table and the database', async () => {
      assert.equal((await g('delete-table', '--database-name', db, '--name', 'trades')).code, 0);
      assert.equal((await g('delete-database', '--name', db)).code, 0);
      assert.match((await g('get-database', '--name', db)).stderr, /EntityNotFoundException/);
    });
  });
}
