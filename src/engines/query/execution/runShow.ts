import { compileNamePattern } from '../../catalog/namePattern.js';
import type { TableDefinition } from '../../catalog/Table.js';
import { SqlError } from '../sql/SqlError.js';
import type { Statement } from '../sql/Statement.js';
import { PartitionProjection } from '../tables/PartitionProjection.js';
import { parseS3Location } from '../tables/s3Location.js';
import type { QueryRun, StatementOutcome } from './QueryRun.js';
import { catalogFailure, databaseOf, requireTable } from './runDdl.js';

type ShowStatement = Extract<
  Statement,
  { kind: 'showTables' | 'showDatabases' | 'showPartitions' | 'showColumns' | 'describe' | 'showCreateTable' | 'showTableProperties' | 'repairTable' }
>;

/** SHOW …, DESCRIBE and MSCK REPAIR TABLE: one line of text per row, as Athena (Hive) prints them. */
export async function runShow(run: QueryRun, s: ShowStatement): Promise<StatementOutcome> {
  const catalog = run.deps.catalog;
  try {
    switch (s.kind) {
      case 'showTables': {
        const database = s.database !== undefined ? databaseOf(run, { name: '', database: s.database, position: 0 }) : databaseOf(run, { name: '', position: 0 });
        const names = catalog.listTables(database, s.pattern).map((t) => t.name).sort();
        return { kind: 'text', column: 'tab_name', lines: names };
      }
      case 'showDatabases': {
        const match = s.pattern !== undefined ? compileNamePattern(s.pattern) : () => true;
        return { kind: 'text', column: 'database_name', lines: catalog.listDatabases().map((d) => d.name).filter(match).sort() };
      }
      case 'showPartitions': {
        const table = requireTable(run, s.table);
        if (table.partitionKeys.length === 0) throw new SqlError('GENERIC_USER_ERROR', `Table ${table.name} is not partitioned`);
        const lines: string[] = [];
        let after: readonly string[] | undefined;
        do {
          const page = catalog.getPartitions(table.databaseName, table.name, after ? { after } : {});
          for (const p of page.partitions) lines.push(table.partitionKeys.map((k, i) => `${k.name}=${p.values[i]}`).join('/'));
          after = page.next;
        } while (after);
        return { kind: 'text', column: 'partition', lines };
      }
      case 'showColumns': {
        const table = requireTable(run, s.table, 'views too');
        return { kind: 'text', column: 'field', lines: [...table.storage.columns, ...table.partitionKeys].map((c) => c.name.toLowerCase()) };
      }
      case 'describe':
        return { kind: 'text', column: 'col_name', lines: describe(requireTable(run, s.table, 'views too'), s.extended) };
      case 'showCreateTable':
        return { kind: 'text', column: 'createtab_stmt', lines: createStatement(requireTable(run, s.table)) };
      case 'showTableProperties': {
        const table = requireTable(run, s.table, 'views too');
        const entries = Object.entries(table.parameters).filter(([k]) => s.property === undefined || k === s.property);
        return { kind: 'text', column: 'prpt_name', lines: entries.map(([k, v]) => `${k}\t${v}`) };
      }
      case 'repairTable':
        return { kind: 'text', column: 'result', lines: await repair(run, requireTable(run, s.table)) };
    }
  } catch (e) {
    throw catalogFailure(e);
  }
}

const pad = (s: string) => s.padEnd(20, ' ');

/** Hive's DESCRIBE layout: name, type and comment in 20-character columns, then the partition keys. */
function describe(table: TableDefinition, extended: boolean): string[] {
  const line = (name: string, type: string, comment = '') => `${pad(name)}\t${pad(type)}\t${pad(comment)}`;
  const lines = [...table.storage.columns, ...table.partitionKeys].map((c) => line(c.name.toLowerCase(), c.type, c.comment ?? ''));
  if (table.partitionKeys.length > 0) {
    lines.push('\t \t ', '# Partition Information\t \t ', `${pad('# col_name')}\t${pad('data_type')}\t${pad('comment')}`, '\t \t ');
    for (const k of table.partitionKeys) lines.push(line(k.name.toLowerCase(), k.type, k.comment ?? ''));
  }
  if (extended) {
    lines.push('\t \t ', `Detailed Table Information\tTable(tableName:${table.name}, dbName:${table.databaseName}, location:${table.storage.location ?? ''}, inputFormat:${table.storage.inputFormat ?? ''}, serde:${table.storage.serdeInfo?.serializationLibrary ?? ''}, parameters:${JSON.stringify(table.parameters)})\t `);
  }
  return lines;
}

function createStatement(t: TableDefinition): string[] {
  const col = (c: { name: string; type: string; comment?: string }) => `  \`${c.name.toLowerCase()}\` ${c.type}${c.comment ? ` COMMENT '${c.comment.replaceAll("'", "\\'")}'` : ''}`;
  const kv = (o: Readonly<Record<string, string>>) => Object.entries(o).map(([k, v]) => `  '${k}'='${v}'`);
  const lines = [`CREATE EXTERNAL TABLE \`${t.databaseName}\`.\`${t.name}\`(`];
  t.storage.columns.forEach((c, i) => lines.push(col(c) + (i < t.storage.columns.length - 1 ? ',' : ')')));
  if (t.storage.columns.length === 0) lines[0] += ')';
  if (t.description) lines.push(`COMMENT '${t.description}'`);
  if (t.partitionKeys.length > 0) {
    lines.push('PARTITIONED BY (');
    t.partitionKeys.forEach((c, i) => lines.push(col(c) + (i < t.partitionKeys.length - 1 ? ',' : ')')));
  }
  if (t.storage.serdeInfo?.serializationLibrary) {
    lines.push('ROW FORMAT SERDE', `  '${t.storage.serdeInfo.serializationLibrary}'`);
    const sp = kv(t.storage.serdeInfo.parameters ?? {});
    if (sp.length > 0) lines.push('WITH SERDEPROPERTIES (', ...sp.map((l, i) => l + (i < sp.length - 1 ? ',' : ')')));
  }
  if (t.storage.inputFormat) lines.push('STORED AS INPUTFORMAT', `  '${t.storage.inputFormat}'`);
  if (t.storage.outputFormat) lines.push('OUTPUTFORMAT', `  '${t.storage.outputFormat}'`);
  if (t.storage.location) lines.push('LOCATION', `  '${t.storage.location}'`);
  const props = kv(t.parameters);
  if (props.length > 0) lines.push('TBLPROPERTIES (', ...props.map((l, i) => l + (i < props.length - 1 ? ',' : ')')));
  return lines;
}

/**
 * MSCK REPAIR TABLE: finds `key=value/` folders under the table's location (one level per
 * partition key) and adds the ones the catalog lacks.
 */
async function repair(run: QueryRun, table: TableDefinition): Promise<string[]> {
  if (table.partitionKeys.length === 0) throw new SqlError('GENERIC_USER_ERROR', `Table ${table.name} is not partitioned`);
  if (PartitionProjection.of(table)) return ['Partition projection is enabled for this table: its partitions are not read from the catalog'];
  if (!table.storage.location) throw new SqlError('HIVE_CURSOR_ERROR', `Table ${table.name} has no location`);
  const root = parseS3Location(table.storage.location);
  const keys = table.partitionKeys.map((k) => k.name.toLowerCase());
  const found: Array<{ values: string[]; prefix: string }> = [];
  const walk = async (prefix: string, level: number, values: string[]): Promise<void> => {
    if (level === keys.length) {
      found.push({ values, prefix });
      return;
    }
    for (const name of (await run.deps.lister.listFolders({ bucket: root.bucket, prefix })).sort()) {
      const eq = name.indexOf('=');
      if (eq < 0 || name.slice(0, eq).toLowerCase() !== keys[level]) continue;
      await walk(`${prefix}${name}/`, level + 1, [...values, unescapePath(name.slice(eq + 1))]);
    }
  };
  await walk(root.prefix, 0, []);
  const catalog = run.deps.catalog;
  const known = new Set(catalog.getPartitionsByValues(table.databaseName, table.name, found.map((f) => f.values)).map((p) => JSON.stringify(p.values)));
  const missing = found.filter((f) => !known.has(JSON.stringify(f.values)));
  const label = (values: readonly string[]) => `${table.name}:${keys.map((k, i) => `${k}=${values[i]}`).join('/')}`;
  const lines: string[] = [];
  if (missing.length > 0) lines.push(`Partitions not in metastore:\t${missing.map((m) => label(m.values)).join('\t')}`);
  for (let i = 0; i < missing.length; i += 100) {
    const batch = missing.slice(i, i + 100);
    const results = await catalog.createPartitions(
      table.databaseName,
      table.name,
      batch.map((m) => ({ values: m.values, storage: { location: `s3://${root.bucket}/${m.prefix}` } })),
      { ifNotExists: true, inheritStorage: true },
    );
    results.forEach((r, j) => {
      const m = batch[j]!;
      lines.push(r.error ? `Repair: Could not add partition ${label(m.values)}: ${r.error.message}` : `Repair: Added partition to metastore ${label(m.values)}`);
    });
  }
  return lines;
}

/** Hive escapes some characters in partition folder names as %XX. */
function unescapePath(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
