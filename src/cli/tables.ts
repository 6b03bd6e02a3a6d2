import { parseCommand } from './args.js';
import { ApiError, AthenaHttpBackend, BACKEND_FLAGS, LocalBackend, openBackendFor, ResultPrinter, type QueryBackend } from './query.js';

const USAGE = `Usage: lakehose tables [options]

  Lists the catalog: every database and table with its columns, partition keys, format
  and location.

  --database, -d DB      only this database
  --format FORMAT        table (default), csv or json
  --endpoint URL         a running Lakehose (default: LAKEHOSE_ENDPOINT, or the config's port)
  --data-dir DIR         the data directory to read when no server runs (default: ./.lakehose)
  --config FILE          lakehose.yaml
  --local                do not look for a server: read the data directory directly
`;

interface TableRow {
  readonly database: string;
  readonly table: string;
  readonly columns: string;
  readonly partitionKeys: string;
  readonly format: string;
  readonly location: string;
}

export async function runTablesCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(
    'tables',
    args,
    {
      database: { type: 'string', short: 'd' },
      format: { type: 'string' },
      ...BACKEND_FLAGS,
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const v = parsed.values;
  const format = v.format ?? 'table';
  if (format !== 'table' && format !== 'csv' && format !== 'json') {
    process.stderr.write(`lakehose tables: --format must be table, csv or json, not '${format}'\n`);
    return 2;
  }
  const opened = await openBackendFor('tables', v);
  if ('exit' in opened) return opened.exit;
  const { backend } = opened;
  try {
    const rows = await listTables(backend, v.database);
    const printer = new ResultPrinter(format, false, process.stdout);
    const names = ['database', 'table', 'columns', 'partition_keys', 'format', 'location'] as const;
    printer.add({
      columns: names.map((n) => ({ name: n, type: 'varchar' })),
      rows: rows.map((r) => [r.database, r.table, r.columns, r.partitionKeys, r.format, r.location]),
    });
    printer.finish();
    if (format === 'table') process.stderr.write(`(${rows.length} table${rows.length === 1 ? '' : 's'})\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`lakehose tables: ${e instanceof ApiError ? `${e.code}: ${e.message}` : (e as Error).message}\n`);
    return 1;
  } finally {
    await backend.close();
  }
}

async function listTables(backend: QueryBackend, only: string | undefined): Promise<TableRow[]> {
  const out: TableRow[] = [];
  if (backend instanceof LocalBackend) {
    for (const d of backend.catalog.listDatabases()) {
      if (only !== undefined && d.name !== only.toLowerCase()) continue;
      for (const t of backend.catalog.listTables(d.name)) {
        out.push({
          database: d.name,
          table: t.name,
          columns: t.storage.columns.map((c) => `${c.name} ${c.type}`).join(', '),
          partitionKeys: t.partitionKeys.map((c) => `${c.name} ${c.type}`).join(', '),
          format: shortFormat(t.storage.serdeInfo?.serializationLibrary ?? t.storage.inputFormat ?? ''),
          location: t.storage.location ?? '',
        });
      }
    }
    if (only !== undefined && !backend.catalog.findDatabase(only.toLowerCase())) throw new Error(`no database ${only}`);
    return out;
  }
  const http = backend as AthenaHttpBackend;
  const databases: string[] = [];
  let token: string | undefined;
  do {
    const r = await http.call<{ DatabaseList: Array<{ Name: string }>; NextToken?: string }>('ListDatabases', { CatalogName: 'AwsDataCatalog', ...(token ? { NextToken: token } : {}) });
    databases.push(...r.DatabaseList.map((d) => d.Name));
    token = r.NextToken;
  } while (token);
  if (only !== undefined && !databases.includes(only.toLowerCase())) throw new Error(`no database ${only}`);
  for (const db of databases) {
    if (only !== undefined && db !== only.toLowerCase()) continue;
    token = undefined;
    do {
      const r: TableMetadataPage = await http.call<TableMetadataPage>('ListTableMetadata', { CatalogName: 'AwsDataCatalog', DatabaseName: db, ...(token ? { NextToken: token } : {}) });
      for (const t of r.TableMetadataList) {
        out.push({
          database: db,
          table: t.Name,
          columns: (t.Columns ?? []).map((c) => `${c.Name} ${c.Type}`).join(', '),
          partitionKeys: (t.PartitionKeys ?? []).map((c) => `${c.Name} ${c.Type}`).join(', '),
          format: shortFormat(t.Parameters?.['serde.serialization.lib'] ?? t.Parameters?.['inputformat'] ?? ''),
          location: t.Parameters?.['location'] ?? '',
        });
      }
      token = r.NextToken;
    } while (token);
  }
  return out;
}

interface TableMetadataPage {
  readonly TableMetadataList: Array<{ Name: string; Columns?: Array<{ Name: string; Type: string }>; PartitionKeys?: Array<{ Name: string; Type: string }>; Parameters?: Record<string, string> }>;
  readonly NextToken?: string;
}

function shortFormat(serde: string): string {
  const s = serde.toLowerCase();
  if (s.includes('parquet')) return 'parquet';
  if (s.includes('json')) return 'json';
  if (s.includes('opencsv') || s.includes('lazysimple') || s.includes('textinputformat')) return 'text';
  if (s.includes('orc')) return 'orc';
  if (s.includes('avro')) return 'avro';
  return serde;
}
