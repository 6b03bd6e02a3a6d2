import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchDeleteTableCommand,
  BatchGetPartitionCommand,
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  DeletePartitionCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetPartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GetTableVersionCommand,
  GetTableVersionsCommand,
  GetTagsCommand,
  GlueClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDatabaseCommand,
  UpdatePartitionCommand,
  UpdateTableCommand,
  paginateGetPartitions,
  type PartitionInput,
  type TableInput,
} from '@aws-sdk/client-glue';
import { ConfigError, parseConfig } from '../../src/app/config/loadConfig.js';
import { TEST_CREDENTIALS } from '../helpers/awsCli.js';
import { LAB_CATALOG } from '../helpers/labCatalog.js';
import { startServer, tempDir, type InProcessServer } from '../helpers/server.js';


const LAB_DB = 'video-analytics-dev-blog';
const ACCOUNT = '000000000000';
const arn = (resource: string) => `arn:aws:glue:eu-west-1:${ACCOUNT}:${resource}`;

function client(url: string) {
  return new GlueClient({ endpoint: url, region: 'eu-west-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

async function rejectsCode(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (e: Error & { name: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, code, e.message);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const clicks: TableInput = {
  Name: 'Clicks',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet', 'projection.enabled': 'false' },
  StorageDescriptor: {
    Location: 's3://lake/clicks/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    Columns: [
      { Name: 'url', Type: 'string', Comment: 'the page' },
      { Name: 'ms', Type: 'bigint' },
      { Name: 'tags', Type: 'map<string,array<struct<k:string,v:decimal(10,2)>>>' },
    ],
  },
  PartitionKeys: [
    { Name: 'year', Type: 'string' },
    { Name: 'month', Type: 'string' },
    { Name: 'day', Type: 'int' },
  ],
};

describe('Glue conformance: AWS SDK v3', () => {
  let server: InProcessServer;
  let glue: GlueClient;

  before(async () => {
    server = await startServer(`region: eu-west-1\n${LAB_CATALOG}`);
    glue = client(server.url);
  });
  after(async () => {
    glue.destroy();
    await server.stop();
  });

  it("has the lab's database and table from the config, as Glue shows them", async () => {
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: LAB_DB, Name: 'events-dev-blog' }));
    assert.equal(Table!.Name, 'events-dev-blog');
    assert.equal(Table!.DatabaseName, LAB_DB);
    assert.equal(Table!.TableType, 'EXTERNAL_TABLE');
    assert.deepEqual(Table!.Parameters, { EXTERNAL: 'TRUE' });
    assert.equal(Table!.VersionId, '0');
    assert.equal(Table!.CatalogId, ACCOUNT);
    assert.ok(Table!.CreateTime instanceof Date);
    const sd = Table!.StorageDescriptor!;
    assert.equal(sd.Location, 's3://events-dev-blog/');
    assert.equal(sd.InputFormat, 'org.apache.hadoop.mapred.TextInputFormat');
    assert.equal(sd.OutputFormat, 'org.apache.hadoop.hive.ql.io.IgnoreKeyTextOutputFormat');
    assert.deepEqual(sd.SerdeInfo, {
      Name: 's3-stream',
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      Parameters: { 'serialization.format': '1' },
    });
    // Glue stores column names in lower case.
    assert.deepEqual(sd.Columns, [
      { Name: 'id', Type: 'string' },
      { Name: 'userid', Type: 'string' },
      { Name: 'format', Type: 'string' },
      { Name: 'timestamp', Type: 'timestamp' },
    ]);
    assert.deepEqual(Table!.PartitionKeys, []);
    const { Database } = await glue.send(new GetDatabaseCommand({ Name: LAB_DB }));
    assert.equal(Database!.Name, LAB_DB);
    assert.equal(Database!.CatalogId, ACCOUNT);
  });

  it('creates, reads, lists, updates and deletes databases', async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'Sales_DB', Description: 'sales', LocationUri: 's3://lake/sales/', Parameters: { owner: 'team' } }, Tags: { env: 'dev' } }));
    const { Database } = await glue.send(new GetDatabaseCommand({ Name: 'SALES_db' }));
    assert.equal(Database!.Name, 'sales_db', 'names are folded to lower case');
    assert.equal(Database!.Description, 'sales');
    assert.equal(Database!.LocationUri, 's3://lake/sales/');
    assert.deepEqual(Database!.Parameters, { owner: 'team' });
    assert.ok(Database!.CreateTime instanceof Date);
    assert.deepEqual((await glue.send(new GetTagsCommand({ ResourceArn: arn('database/sales_db') }))).Tags, { env: 'dev' });
    await rejectsCode(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales_db' } })), 'AlreadyExistsException', /^Database already exists\.$/);
    await glue.send(new UpdateDatabaseCommand({ Name: 'sales_db', DatabaseInput: { Name: 'sales_db', Description: 'renamed description' } }));
    assert.equal((await glue.send(new GetDatabaseCommand({ Name: 'sales_db' }))).Database!.Description, 'renamed description');
    await rejectsCode(glue.send(new UpdateDatabaseCommand({ Name: 'nope', DatabaseInput: { Name: 'nope' } })), 'EntityNotFoundException', /^Database nope not found\.$/);

    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'zz_last' } }));
    const all = await glue.send(new GetDatabasesCommand({}));
    assert.deepEqual(all.DatabaseList!.map((d) => d.Name), ['sales_db', LAB_DB, 'zz_last']);
    const first = await glue.send(new GetDatabasesCommand({ MaxResults: 2 }));
    assert.deepEqual(first.DatabaseList!.map((d) => d.Name), ['sales_db', LAB_DB]);
    assert.ok(first.NextToken);
    const second = await glue.send(new GetDatabasesCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual(second.DatabaseList!.map((d) => d.Name), ['zz_last']);
    assert.equal(second.NextToken, undefined);
    const names = await glue.send(new GetDatabasesCommand({ AttributesToGet: ['NAME'] }));
    assert.deepEqual(names.DatabaseList![0], { Name: 'sales_db' });
    assert.deepEqual((await glue.send(new GetDatabasesCommand({ ResourceShareType: 'FOREIGN' }))).DatabaseList, []);
    assert.equal((await glue.send(new GetDatabasesCommand({ ResourceShareType: 'ALL' }))).DatabaseList!.length, 3);

    await glue.send(new DeleteDatabaseCommand({ Name: 'zz_last' }));
    await rejectsCode(glue.send(new GetDatabaseCommand({ Name: 'zz_last' })), 'EntityNotFoundException', /^Database zz_last not found\.$/);
    await rejectsCode(glue.send(new DeleteDatabaseCommand({ Name: 'zz_last' })), 'EntityNotFoundException');
  });

  it('validates input as Glue does', async () => {
    await rejectsCode(glue.send(new GetDatabasesCommand({ MaxResults: 0 })), 'ValidationException', /Member must have value greater than or equal to 1/);
    await rejectsCode(glue.send(new GetDatabaseCommand({ Name: '' })), 'ValidationException', /Member must have length greater than or equal to 1/);
    await rejectsCode(glue.send(new GetDatabaseCommand({ Name: LAB_DB, CatalogId: '123456789012' })), 'AccessDeniedException');
    await rejectsCode(glue.send(new GetTablesCommand({ DatabaseName: LAB_DB, NextToken: 'not-a-token' })), 'InvalidInputException', /continuation token/);
  });

  it('creates tables, refusing bad Hive types, and lists them with Expression and pagination', async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'web' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'web', TableInput: clicks }));
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'WEB', Name: 'CLICKS' }));
    assert.equal(Table!.Name, 'clicks');
    assert.deepEqual(Table!.StorageDescriptor!.Columns![0], { Name: 'url', Type: 'string', Comment: 'the page' });
    assert.equal(Table!.StorageDescriptor!.Columns![2]!.Type, 'map<string,array<struct<k:string,v:decimal(10,2)>>>');
    assert.deepEqual(Table!.PartitionKeys!.map((k) => k.Name), ['year', 'month', 'day']);
    assert.deepEqual(Table!.Parameters, { classification: 'parquet', 'projection.enabled': 'false' });
    await rejectsCode(glue.send(new CreateTableCommand({ DatabaseName: 'web', TableInput: clicks })), 'AlreadyExistsException', /^Table already exists\.$/);
    await rejectsCode(glue.send(new CreateTableCommand({ DatabaseName: 'nodb', TableInput: clicks })), 'EntityNotFoundException', /^Database nodb not found\.$/);
    await rejectsCode(
      glue.send(new CreateTableCommand({ DatabaseName: 'web', TableInput: { Name: 'bad', StorageDescriptor: { Columns: [{ Name: 'a', Type: 'array<strin>' }] } } })),
      'InvalidInputException',
      /Column 'a' has an invalid type: unknown type 'strin'/,
    );
    await rejectsCode(
      glue.send(new CreateTableCommand({ DatabaseName: 'web', TableInput: { Name: 'bad', PartitionKeys: [{ Name: 'p', Type: 'struct<a:int>' }] } })),
      'InvalidInputException',
      /only primitive types/,
    );
    await rejectsCode(glue.send(new GetTableCommand({ DatabaseName: 'web', Name: 'bad' })), 'EntityNotFoundException', /^Table bad not found\.$/);

    for (const name of ['clicks_raw', 'views', 'views_raw']) await glue.send(new CreateTableCommand({ DatabaseName: 'web', TableInput: { Name: name, StorageDescriptor: { Columns: [{ Name: 'x', Type: 'int' }] } } }));
    const all = await glue.send(new GetTablesCommand({ DatabaseName: 'web' }));
    assert.deepEqual(all.TableList!.map((t) => t.Name), ['clicks', 'clicks_raw', 'views', 'views_raw']);
    assert.deepEqual((await glue.send(new GetTablesCommand({ DatabaseName: 'web', Expression: '*raw' }))).TableList!.map((t) => t.Name), ['clicks_raw', 'views_raw']);
    assert.deepEqual((await glue.send(new GetTablesCommand({ DatabaseName: 'web', Expression: 'views.*' }))).TableList!.map((t) => t.Name), ['views', 'views_raw']);
    const p1 = await glue.send(new GetTablesCommand({ DatabaseName: 'web', MaxResults: 3 }));
    assert.equal(p1.TableList!.length, 3);
    const p2 = await glue.send(new GetTablesCommand({ DatabaseName: 'web', MaxResults: 3, NextToken: p1.NextToken }));
    assert.deepEqual(p2.TableList!.map((t) => t.Name), ['views_raw']);
    const onlyNames = await glue.send(new GetTablesCommand({ DatabaseName: 'web', AttributesToGet: ['NAME', 'TABLE_TYPE'] }));
    assert.deepEqual(onlyNames.TableList![0], { Name: 'clicks', TableType: 'EXTERNAL_TABLE' });
    await rejectsCode(glue.send(new GetTablesCommand({ DatabaseName: 'nodb' })), 'EntityNotFoundException');

    const batch = await glue.send(new BatchDeleteTableCommand({ DatabaseName: 'web', TablesToDelete: ['views', 'missing'] }));
    assert.deepEqual(batch.Errors, [{ TableName: 'missing', ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Table missing not found.' } }]);
    await glue.send(new DeleteTableCommand({ DatabaseName: 'web', Name: 'views_raw' }));
    await rejectsCode(glue.send(new DeleteTableCommand({ DatabaseName: 'web', Name: 'views_raw' })), 'EntityNotFoundException');
    assert.deepEqual((await glue.send(new GetTablesCommand({ DatabaseName: 'web' }))).TableList!.map((t) => t.Name), ['clicks', 'clicks_raw']);
  });

  it('versions tables: UpdateTable with VersionId and SkipArchive, GetTableVersion(s)', async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'versions' } }));
    const base: TableInput = { Name: 't', StorageDescriptor: { Columns: [{ Name: 'a', Type: 'int' }] } };
    await glue.send(new CreateTableCommand({ DatabaseName: 'versions', TableInput: base }));
    await glue.send(new UpdateTableCommand({ DatabaseName: 'versions', TableInput: { ...base, Description: 'one' } }));
    await glue.send(new UpdateTableCommand({ DatabaseName: 'versions', TableInput: { ...base, Description: 'two' }, VersionId: '1' }));
    await rejectsCode(glue.send(new UpdateTableCommand({ DatabaseName: 'versions', TableInput: { ...base, Description: 'stale' }, VersionId: '1' })), 'ConcurrentModificationException');
    const t = (await glue.send(new GetTableCommand({ DatabaseName: 'versions', Name: 't' }))).Table!;
    assert.equal(t.VersionId, '2');
    assert.equal(t.Description, 'two');
    const v1 = await glue.send(new GetTableVersionCommand({ DatabaseName: 'versions', TableName: 't', VersionId: '1' }));
    assert.equal(v1.TableVersion!.VersionId, '1');
    assert.equal(v1.TableVersion!.Table!.Description, 'one');
    assert.equal((await glue.send(new GetTableVersionCommand({ DatabaseName: 'versions', TableName: 't' }))).TableVersion!.VersionId, '2');
    const versions = await glue.send(new GetTableVersionsCommand({ DatabaseName: 'versions', TableName: 't' }));
    assert.deepEqual(versions.TableVersions!.map((v) => v.VersionId), ['2', '1', '0']);
    const page = await glue.send(new GetTableVersionsCommand({ DatabaseName: 'versions', TableName: 't', MaxResults: 2 }));
    assert.deepEqual(page.TableVersions!.map((v) => v.VersionId), ['2', '1']);
    const rest = await glue.send(new GetTableVersionsCommand({ DatabaseName: 'versions', TableName: 't', MaxResults: 2, NextToken: page.NextToken }));
    assert.deepEqual(rest.TableVersions!.map((v) => v.VersionId), ['0']);
    await glue.send(new UpdateTableCommand({ DatabaseName: 'versions', TableInput: { ...base, Description: 'three' }, SkipArchive: true }));
    assert.deepEqual((await glue.send(new GetTableVersionsCommand({ DatabaseName: 'versions', TableName: 't' }))).TableVersions!.map((v) => v.VersionId), ['3', '1', '0']);
    await rejectsCode(glue.send(new GetTableVersionCommand({ DatabaseName: 'versions', TableName: 't', VersionId: '2' })), 'EntityNotFoundException');
    await rejectsCode(glue.send(new GetTableVersionCommand({ DatabaseName: 'versions', TableName: 't', VersionId: 'x' })), 'InvalidInputException');
    await rejectsCode(glue.send(new UpdateTableCommand({ DatabaseName: 'versions', TableInput: { ...base, Name: 'other' } })), 'EntityNotFoundException', /Table other not found/);
  });

  it('creates partitions one by one and in batches, with per-partition errors', async () => {
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'parts' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'parts', TableInput: clicks }));
    const sd = { ...clicks.StorageDescriptor!, Location: 's3://lake/clicks/year=2024/month=01/day=1/' };
    await glue.send(new CreatePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionInput: { Values: ['2024', '01', '1'], StorageDescriptor: sd, Parameters: { numRows: '10' } } }));
    const { Partition } = await glue.send(new GetPartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionValues: ['2024', '01', '1'] }));
    assert.deepEqual(Partition!.Values, ['2024', '01', '1']);
    assert.equal(Partition!.DatabaseName, 'parts');
    assert.equal(Partition!.TableName, 'clicks');
    assert.equal(Partition!.StorageDescriptor!.Location, 's3://lake/clicks/year=2024/month=01/day=1/');
    assert.deepEqual(Partition!.Parameters, { numRows: '10' });
    assert.ok(Partition!.CreationTime instanceof Date);
    await rejectsCode(
      glue.send(new CreatePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionInput: { Values: ['2024', '01', '1'] } })),
      'AlreadyExistsException',
      /^Partition already exists\.$/,
    );
    await rejectsCode(glue.send(new GetPartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionValues: ['1999', '01', '1'] })), 'EntityNotFoundException', /^Cannot find partition\.$/);
    await rejectsCode(glue.send(new CreatePartitionCommand({ DatabaseName: 'parts', TableName: 'nope', PartitionInput: { Values: ['1', '2', '3'] } })), 'EntityNotFoundException', /^Table nope not found\.$/);

    const inputs: PartitionInput[] = [];
    for (const month of ['01', '02', '03', '11']) for (const day of [1, 2, 10, 20]) inputs.push({ Values: ['2024', month, String(day)], StorageDescriptor: { ...sd, Location: `s3://lake/clicks/year=2024/month=${month}/day=${day}/` } });
    const batch = await glue.send(new BatchCreatePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionInputList: [...inputs, { Values: ['2025', '01'] }] }));
    assert.deepEqual(batch.Errors, [
      { PartitionValues: ['2024', '01', '1'], ErrorDetail: { ErrorCode: 'AlreadyExistsException', ErrorMessage: 'Partition already exists.' } },
      {
        PartitionValues: ['2025', '01'],
        ErrorDetail: { ErrorCode: 'InvalidInputException', ErrorMessage: 'The number of partition values (2) does not match the number of partition keys (3) of table clicks.' },
      },
    ]);
    await rejectsCode(
      glue.send(new BatchCreatePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionInputList: Array.from({ length: 101 }, (_, i) => ({ Values: ['x', 'y', String(i)] })) })),
      'ValidationException',
      /Member must have length less than or equal to 100/,
    );
  });

  it('filters partitions with Glue expressions, pages them, and splits them in segments', async () => {
    const get = async (Expression: string) =>
      (await glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', Expression }))).Partitions!.map((p) => p.Values!.join('/'));
    assert.deepEqual(await get("year='2024' AND month>'02'"), ['2024/03/1', '2024/03/2', '2024/03/10', '2024/03/20', '2024/11/1', '2024/11/2', '2024/11/10', '2024/11/20']);
    assert.deepEqual(await get("month IN ('02', '11') AND day BETWEEN 2 AND 10"), ['2024/02/2', '2024/02/10', '2024/11/2', '2024/11/10']);
    assert.deepEqual(await get("month LIKE '1%' and day > 10"), ['2024/11/20']);
    assert.deepEqual(await get("NOT (month <> '03') OR day = 20 AND month = '01'"), ['2024/01/20', '2024/03/1', '2024/03/2', '2024/03/10', '2024/03/20']);
    await rejectsCode(glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', Expression: "hour = '1'" })), 'InvalidInputException', /'hour' at position 0 is not a partition key/);
    await rejectsCode(glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', Expression: "year = '2024" })), 'InvalidInputException', /unterminated string/);

    const pages: string[][] = [];
    for await (const page of paginateGetPartitions({ client: glue, pageSize: 5 }, { DatabaseName: 'parts', TableName: 'clicks', Expression: "year = '2024'" })) {
      pages.push(page.Partitions!.map((p) => p.Values!.join('/')));
    }
    assert.deepEqual(pages.map((p) => p.length), [5, 5, 5, 1]);
    assert.equal(new Set(pages.flat()).size, 16);

    const segments = [];
    for (let SegmentNumber = 0; SegmentNumber < 4; SegmentNumber++) {
      const r = await glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', Segment: { SegmentNumber, TotalSegments: 4 } }));
      segments.push(...r.Partitions!.map((p) => p.Values!.join('/')));
    }
    assert.equal(segments.length, 16);
    assert.equal(new Set(segments).size, 16);
    await rejectsCode(glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', Segment: { SegmentNumber: 4, TotalSegments: 4 } })), 'InvalidInputException');
    await rejectsCode(glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', Segment: { SegmentNumber: 0, TotalSegments: 11 } })), 'ValidationException');

    const lean = await glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks', ExcludeColumnSchema: true, MaxResults: 1 }));
    assert.equal(lean.Partitions![0]!.StorageDescriptor!.Columns, undefined);
    assert.ok(lean.Partitions![0]!.StorageDescriptor!.Location);
  });

  it('gets, updates and deletes partitions in batches', async () => {
    const got = await glue.send(
      new BatchGetPartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionsToGet: [{ Values: ['2024', '02', '2'] }, { Values: ['1999', '01', '1'] }, { Values: ['2024', '11', '20'] }] }),
    );
    assert.deepEqual(got.Partitions!.map((p) => p.Values!.join('/')), ['2024/02/2', '2024/11/20']);
    assert.deepEqual(got.UnprocessedKeys, []);

    await glue.send(
      new UpdatePartitionCommand({
        DatabaseName: 'parts',
        TableName: 'clicks',
        PartitionValueList: ['2024', '02', '2'],
        PartitionInput: { Values: ['2024', '02', '2'], StorageDescriptor: { Location: 's3://elsewhere/' }, Parameters: { updated: 'yes' } },
      }),
    );
    const p = (await glue.send(new GetPartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionValues: ['2024', '02', '2'] }))).Partition!;
    assert.equal(p.StorageDescriptor!.Location, 's3://elsewhere/');
    assert.deepEqual(p.Parameters, { updated: 'yes' });
    await rejectsCode(
      glue.send(new UpdatePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionValueList: ['1999', '1', '1'], PartitionInput: { Values: ['1999', '1', '1'] } })),
      'EntityNotFoundException',
    );

    await glue.send(new DeletePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionValues: ['2024', '02', '2'] }));
    await rejectsCode(glue.send(new DeletePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionValues: ['2024', '02', '2'] })), 'EntityNotFoundException', /^Cannot find partition\.$/);
    const deleted = await glue.send(
      new BatchDeletePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionsToDelete: [{ Values: ['2024', '11', '20'] }, { Values: ['2024', '02', '2'] }] }),
    );
    assert.deepEqual(deleted.Errors, [{ PartitionValues: ['2024', '02', '2'], ErrorDetail: { ErrorCode: 'EntityNotFoundException', ErrorMessage: 'Cannot find partition.' } }]);
    assert.equal((await glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks' }))).Partitions!.length, 14);
    await rejectsCode(
      glue.send(new BatchDeletePartitionCommand({ DatabaseName: 'parts', TableName: 'clicks', PartitionsToDelete: Array.from({ length: 26 }, () => ({ Values: ['a', 'b', 'c'] })) })),
      'ValidationException',
    );
  });

  it('tags databases and tables by ARN', async () => {
    await glue.send(new TagResourceCommand({ ResourceArn: arn('table/parts/clicks'), TagsToAdd: { team: 'web', env: 'dev' } }));
    await glue.send(new UntagResourceCommand({ ResourceArn: arn('table/parts/clicks'), TagsToRemove: ['env'] }));
    assert.deepEqual((await glue.send(new GetTagsCommand({ ResourceArn: arn('table/parts/clicks') }))).Tags, { team: 'web' });
    assert.deepEqual((await glue.send(new GetTagsCommand({ ResourceArn: arn('database/parts') }))).Tags, {});
    await rejectsCode(glue.send(new GetTagsCommand({ ResourceArn: arn('table/parts/none') })), 'EntityNotFoundException');
    await rejectsCode(glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:glue:us-east-1:000000000000:database/parts' })), 'EntityNotFoundException');
    await rejectsCode(glue.send(new GetTagsCommand({ ResourceArn: 'arn:aws:s3:::bucket' })), 'ValidationException');
  });

  it('deletes a database with all its tables and partitions', async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: 'parts' }));
    await rejectsCode(glue.send(new GetTableCommand({ DatabaseName: 'parts', Name: 'clicks' })), 'EntityNotFoundException', /^Database parts not found\.$/);
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'parts' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'parts', TableInput: clicks }));
    assert.deepEqual((await glue.send(new GetPartitionsCommand({ DatabaseName: 'parts', TableName: 'clicks' }))).Partitions, []);
    assert.deepEqual((await glue.send(new GetTagsCommand({ ResourceArn: arn('table/parts/clicks') }))).Tags, {});
  });
});

describe('Glue conformance: durability and the config as source of truth', () => {
  it('keeps everything across a restart, and applies a changed declaration as a new version', async () => {
    const dataDir = await tempDir();
    try {
      let server = await startServer(`region: eu-west-1\n${LAB_CATALOG}`, dataDir);
      let glue = client(server.url);
      await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'kept' } }));
      await glue.send(new CreateTableCommand({ DatabaseName: 'kept', TableInput: clicks }));
      await glue.send(new UpdateTableCommand({ DatabaseName: 'kept', TableInput: { ...clicks, Description: 'v1' } }));
      await glue.send(
        new BatchCreatePartitionCommand({ DatabaseName: 'kept', TableName: 'clicks', PartitionInputList: [{ Values: ['2024', '01', '1'] }, { Values: ['2024', '01', '2'] }] }),
      );
      glue.destroy();
      await server.stop();

      const changed = LAB_CATALOG.replace('              - name: timestamp\n                type: timestamp\n', '              - name: timestamp\n                type: timestamp\n              - name: durationMs\n                type: bigint\n');
      server = await startServer(`region: eu-west-1\n${changed}`, dataDir);
      glue = client(server.url);
      const kept = (await glue.send(new GetTableCommand({ DatabaseName: 'kept', Name: 'clicks' }))).Table!;
      assert.equal(kept.VersionId, '1');
      assert.equal(kept.Description, 'v1');
      assert.deepEqual((await glue.send(new GetTableVersionsCommand({ DatabaseName: 'kept', TableName: 'clicks' }))).TableVersions!.map((v) => v.VersionId), ['1', '0']);
      assert.deepEqual(
        (await glue.send(new GetPartitionsCommand({ DatabaseName: 'kept', TableName: 'clicks' }))).Partitions!.map((p) => p.Values),
        [['2024', '01', '1'], ['2024', '01', '2']],
      );
      const lab = (await glue.send(new GetTableCommand({ DatabaseName: LAB_DB, Name: 'events-dev-blog' }))).Table!;
      assert.equal(lab.VersionId, '1', 'the changed declaration became version 1');
      assert.deepEqual(lab.StorageDescriptor!.Columns!.map((c) => c.Name), ['id', 'userid', 'format', 'timestamp', 'durationms']);
      glue.destroy();
      await server.stop();

      // Unchanged declaration: no new version.
      server = await startServer(`region: eu-west-1\n${changed}`, dataDir);
      glue = client(server.url);
      assert.equal((await glue.send(new GetTableCommand({ DatabaseName: LAB_DB, Name: 'events-dev-blog' }))).Table!.VersionId, '1');
      glue.destroy();
      await server.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('Glue conformance: the catalog section of lakehose.yaml', () => {
  it('names the file, line and field of a bad declaration', () => {
    const bad = LAB_CATALOG.replace('type: timestamp', 'type: timestam');
    assert.throws(
      () => parseConfig(bad, 'lab.yaml'),
      (e: unknown) => e instanceof ConfigError && /^lab\.yaml:\d+:\d+: catalog\.databases\[0\]\.tables\[0\]\.storageDescriptor\.columns\[3\]\.type: not a Hive type: unknown type 'timestam'/.test(e.message),
    );
    const twice = `catalog:\n  databases:\n    - name: Lab\n    - name: lab\n`;
    assert.throws(() => parseConfig(twice, 'lab.yaml'), /catalog\.databases\[1\]\.name: database 'lab' is declared twice/);
    const key = `catalog:\n  databases:\n    - name: lab\n      tables:\n        - name: t\n          partitionKeys: [{ name: p, type: 'array<int>' }]\n`;
    assert.throws(() => parseConfig(key, 'lab.yaml'), /partitionKeys\[0\]\.type: partition keys must have a primitive type/);
  });

  it('refuses to start when a declared table cannot be applied', async () => {
    const dataDir = await tempDir();
    try {
      const declared = (keys: string) => `catalog:\n  databases:\n    - name: lab\n      tables:\n        - name: t\n          storageDescriptor: { columns: [{ name: a, type: int }] }\n          partitionKeys: [${keys}]\n`;
      const server = await startServer(declared('{ name: p, type: string }'), dataDir);
      await server.app.engines.catalog!.createPartition('lab', 't', { values: ['x'] });
      await server.stop();
      await assert.rejects(startServer(declared('{ name: p, type: string }, { name: q, type: string }'), dataDir), /the declared table lab\.t cannot be applied: .*number of partition keys cannot change/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
