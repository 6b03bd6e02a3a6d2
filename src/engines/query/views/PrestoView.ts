import type { TableInput } from '../../catalog/inputs.js';
import type { TableDefinition } from '../../catalog/Table.js';
import { SqlError } from '../sql/SqlError.js';

/**
 * Athena keeps a view in the Glue catalog the way Presto's (and Trino's) Hive connector
 * does: a table of type VIRTUAL_VIEW with `presto_view=true`, whose ViewOriginalText is
 * `/* Presto View: <base64 of a JSON definition> *\/` and whose ViewExpandedText is
 * `/* Presto View *\/`. The JSON holds the SQL as written (Trino SQL), the catalog and
 * schema its unqualified names belong to, and the result columns with Trino types.
 * Terraform and CloudFormation users write the same encoding by hand.
 */
export interface ViewColumn {
  readonly name: string;
  /** Trino's type name: `varchar`, `bigint`, `array(row(a integer))` … */
  readonly type: string;
}

export interface ViewDefinition {
  readonly originalSql: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly columns: readonly ViewColumn[];
  readonly comment?: string;
  readonly owner?: string;
  readonly runAsInvoker: boolean;
}

export const VIRTUAL_VIEW = 'VIRTUAL_VIEW';
const PREFIX = '/* Presto View: ';
const SUFFIX = ' */';
export const PRESTO_VIEW_EXPANDED_TEXT = '/* Presto View */';

export function isView(table: TableDefinition): boolean {
  return table.tableType === VIRTUAL_VIEW;
}

export function encodeViewText(view: ViewDefinition): string {
  const json = {
    originalSql: view.originalSql,
    catalog: view.catalog,
    schema: view.schema,
    columns: view.columns.map((c) => ({ name: c.name, type: c.type })),
    ...(view.comment !== undefined ? { comment: view.comment } : {}),
    ...(view.owner !== undefined ? { owner: view.owner } : {}),
    runAsInvoker: view.runAsInvoker,
  };
  return `${PREFIX}${Buffer.from(JSON.stringify(json), 'utf8').toString('base64')}${SUFFIX}`;
}

/** The definition in a ViewOriginalText; throws INVALID_VIEW (naming `qualifiedName`) when it is not a Presto view. */
export function decodeViewText(text: string | undefined, qualifiedName: string): ViewDefinition {
  const invalid = (why: string) =>
    new SqlError('INVALID_VIEW', `View '${qualifiedName}' is not an Athena view: ${why}. Athena views keep their SQL as '/* Presto View: <base64 JSON> */' in ViewOriginalText`);
  const trimmed = (text ?? '').trim();
  if (!trimmed.startsWith(PREFIX.trimEnd()) || !trimmed.endsWith(SUFFIX.trim())) throw invalid('its ViewOriginalText is not a Presto view');
  const encoded = trimmed.slice(PREFIX.trimEnd().length, trimmed.length - SUFFIX.trim().length).trim();
  if (!/^[A-Za-z0-9+/=\s]*$/.test(encoded)) throw invalid('its ViewOriginalText is not base64');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw invalid('its ViewOriginalText does not hold JSON');
  }
  if (json === null || typeof json !== 'object') throw invalid('its definition is not a JSON object');
  const o = json as Record<string, unknown>;
  if (typeof o['originalSql'] !== 'string' || o['originalSql'].trim() === '') throw invalid('its definition has no originalSql');
  const columns: ViewColumn[] = [];
  if (o['columns'] !== undefined) {
    if (!Array.isArray(o['columns'])) throw invalid('its columns are not a list');
    for (const c of o['columns'] as unknown[]) {
      const col = c as Record<string, unknown> | null;
      if (!col || typeof col['name'] !== 'string' || typeof col['type'] !== 'string') throw invalid('a column has no name or type');
      columns.push({ name: col['name'], type: col['type'] });
    }
  }
  const field = (k: string) => (typeof o[k] === 'string' ? { [k]: o[k] as string } : {});
  return {
    originalSql: o['originalSql'],
    ...field('catalog'),
    ...field('schema'),
    columns,
    ...field('comment'),
    ...field('owner'),
    runAsInvoker: o['runAsInvoker'] === true,
  };
}

/** The catalog entry Athena writes for a view: what GetTable shows for it. */
export function viewTableInput(name: string, view: ViewDefinition, hiveColumns: ReadonlyArray<{ name: string; type: string }>): TableInput {
  return {
    name,
    tableType: VIRTUAL_VIEW,
    ...(view.comment !== undefined ? { description: view.comment } : {}),
    parameters: { presto_view: 'true', comment: 'Presto View' },
    partitionKeys: [],
    storage: { columns: hiveColumns.map((c) => ({ name: c.name, type: c.type })), serdeInfo: {} },
    viewOriginalText: encodeViewText(view),
    viewExpandedText: PRESTO_VIEW_EXPANDED_TEXT,
  };
}
