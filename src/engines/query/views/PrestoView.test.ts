import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqlError } from '../sql/SqlError.js';
import { decodeViewText, encodeViewText, PRESTO_VIEW_EXPANDED_TEXT, viewTableInput, type ViewDefinition } from './PrestoView.js';

const VIEW: ViewDefinition = {
  originalSql: 'SELECT userid, count(*) AS views FROM events GROUP BY 1',
  catalog: 'awsdatacatalog',
  schema: 'shop',
  columns: [
    { name: 'userid', type: 'varchar' },
    { name: 'views', type: 'bigint' },
  ],
  runAsInvoker: false,
};

describe('Presto view encoding (how Athena keeps views in Glue)', () => {
  it('is /* Presto View: <base64 JSON> */ with the members Trino reads, in its order', () => {
    const text = encodeViewText(VIEW);
    const m = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(text);
    assert.ok(m, text);
    const json = Buffer.from(m[1]!, 'base64').toString('utf8');
    assert.equal(
      json,
      '{"originalSql":"SELECT userid, count(*) AS views FROM events GROUP BY 1","catalog":"awsdatacatalog","schema":"shop","columns":[{"name":"userid","type":"varchar"},{"name":"views","type":"bigint"}],"runAsInvoker":false}',
    );
    assert.deepEqual(decodeViewText(text, 'x'), VIEW);
  });

  it('reads a definition written by hand, as Terraform users write it (no runAsInvoker, extra members, spaces)', () => {
    const json = JSON.stringify({ originalSql: 'SELECT 1 AS one', catalog: 'awsdatacatalog', schema: 'db', columns: [{ name: 'one', type: 'integer' }], properties: {} });
    const text = `  /* Presto View: ${Buffer.from(json).toString('base64')} */\n`;
    assert.deepEqual(decodeViewText(text, 'awsdatacatalog.db.v'), {
      originalSql: 'SELECT 1 AS one',
      catalog: 'awsdatacatalog',
      schema: 'db',
      columns: [{ name: 'one', type: 'integer' }],
      runAsInvoker: false,
    });
  });

  it('refuses anything else as INVALID_VIEW, naming the view', () => {
    const b64 = (o: unknown) => `/* Presto View: ${Buffer.from(JSON.stringify(o)).toString('base64')} */`;
    for (const text of [undefined, 'SELECT 1', '/* Presto View: not base64! */', '/* Presto View: AAAA */', b64({ columns: [] }), b64({ originalSql: 'SELECT 1', columns: [{ name: 'a' }] })]) {
      assert.throws(
        () => decodeViewText(text, 'awsdatacatalog.db.v'),
        (e: unknown) => e instanceof SqlError && e.errorName === 'INVALID_VIEW' && e.detail.includes("'awsdatacatalog.db.v'"),
        String(text),
      );
    }
  });

  it('builds the catalog entry GetTable shows: VIRTUAL_VIEW, presto_view, Hive columns, no location', () => {
    const input = viewTableInput('v', VIEW, [
      { name: 'userid', type: 'string' },
      { name: 'views', type: 'bigint' },
    ]);
    assert.equal(input.tableType, 'VIRTUAL_VIEW');
    assert.deepEqual(input.parameters, { presto_view: 'true', comment: 'Presto View' });
    assert.equal(input.viewExpandedText, PRESTO_VIEW_EXPANDED_TEXT);
    assert.equal(input.viewExpandedText, '/* Presto View */');
    assert.deepEqual(decodeViewText(input.viewOriginalText, 'v'), VIEW);
    assert.equal(input.storage?.location, undefined);
    assert.deepEqual(input.storage?.columns, [
      { name: 'userid', type: 'string' },
      { name: 'views', type: 'bigint' },
    ]);
    assert.deepEqual(input.partitionKeys, []);
  });
});
