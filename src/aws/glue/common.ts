import type {
  Column as GlueColumn,
  Database as GlueDatabase,
  DatabaseInput as GlueDatabaseInput,
  Partition as GluePartition,
  PartitionInput as GluePartitionInput,
  StorageDescriptor as GlueStorageDescriptor,
  Table as GlueTable,
  TableInput as GlueTableInput,
} from '@aws-sdk/client-glue';
import type { CatalogEngine, CatalogResource } from '../../engines/catalog/CatalogEngine.js';
import type { ColumnInput, DatabaseInput, PartitionInput, StorageDescriptorInput, TableInput } from '../../engines/catalog/inputs.js';
import type { Column, DatabaseDefinition, PartitionDefinition, StorageDescriptor, TableDefinition } from '../../engines/catalog/Table.js';
import { AwsError } from '../wire/AwsError.js';
import type { RequestContext } from '../wire/Service.js';

/** What every Glue operation is built from. */
export interface GlueDeps {
  readonly catalog: CatalogEngine;
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', message);
}

/**
 * The catalog an operation names: this account's (the default). Other accounts' catalogs
 * are not served here.
 */
export function checkCatalogId(catalogId: string | undefined, ctx: RequestContext, action: string): void {
  if (catalogId === undefined || catalogId === ctx.accountId) return;
  throw new AwsError(
    'AccessDeniedException',
    `User is not authorized to perform: glue:${action} on resource: arn:aws:glue:${ctx.region}:${catalogId}:catalog (only catalog ${ctx.accountId} is served here)`,
  );
}

export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined || value === null) throw invalidInput(`${name} is required.`);
  return value;
}

// ── pagination ────────────────────────────────────────────────────────────────

/** Opaque continuation tokens: base64 of a small JSON document. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw invalidInput('Invalid continuation token (NextToken).');
}

export const isAfterName = (v: unknown): v is { after: string } =>
  typeof v === 'object' && v !== null && typeof (v as { after?: unknown }).after === 'string';

/** A page of items sorted by a string key, resumed after the last key of the previous page. */
export function pageByName<T>(items: readonly T[], key: (t: T) => string, maxResults: number | undefined, nextToken: string | undefined, fallback = 100) {
  const after = nextToken !== undefined ? decodeToken(nextToken, isAfterName).after : undefined;
  const rest = after === undefined ? items : items.filter((t) => key(t) > after);
  const limit = maxResults ?? fallback;
  const page = rest.slice(0, limit);
  const more = rest.length > limit;
  return { page, nextToken: more ? encodeToken({ after: key(page[page.length - 1]!) }) : undefined };
}

// ── ARNs ──────────────────────────────────────────────────────────────────────

const ARN_RE = /^arn:aws[a-z-]*:glue:([a-z0-9-]+):(\d{12}):(.+)$/s;

/** The catalog resource a Glue ARN names (catalog, database/<db>, table/<db>/<table>). */
export function resourceOfArn(arn: string, ctx: RequestContext): CatalogResource {
  const m = ARN_RE.exec(arn);
  if (!m) throw invalidInput(`${arn} is not a valid Glue resource ARN.`);
  const [, region, account, resource] = m as unknown as [string, string, string, string];
  if (region !== ctx.region || account !== ctx.accountId) throw new AwsError('EntityNotFoundException', `Resource ${arn} not found.`);
  if (resource === 'catalog') return { kind: 'catalog' };
  const db = /^database\/(.+)$/s.exec(resource);
  if (db) return { kind: 'database', databaseName: db[1]! };
  const table = /^table\/([^/]+)\/(.+)$/s.exec(resource);
  if (table) return { kind: 'table', databaseName: table[1]!, tableName: table[2]! };
  throw new AwsError('EntityNotFoundException', `Resource ${arn} not found.`);
}

// ── Glue shapes → domain inputs ───────────────────────────────────────────────

const ms = (d: Date | undefined): number | undefined => (d instanceof Date ? d.getTime() : undefined);

export function databaseInputOf(input: GlueDatabaseInput): DatabaseInput {
  return { name: input.Name!, description: input.Description, locationUri: input.LocationUri, parameters: input.Parameters };
}

function columnInputs(columns: readonly GlueColumn[] | undefined): ColumnInput[] | undefined {
  return columns?.map((c) => ({ name: c.Name!, type: c.Type, comment: c.Comment, parameters: c.Parameters }));
}

export function storageInputOf(sd: GlueStorageDescriptor | undefined): StorageDescriptorInput | undefined {
  if (!sd) return undefined;
  return {
    columns: columnInputs(sd.Columns),
    location: sd.Location,
    additionalLocations: sd.AdditionalLocations,
    inputFormat: sd.InputFormat,
    outputFormat: sd.OutputFormat,
    compressed: sd.Compressed,
    numberOfBuckets: sd.NumberOfBuckets,
    serdeInfo: sd.SerdeInfo ? { name: sd.SerdeInfo.Name, serializationLibrary: sd.SerdeInfo.SerializationLibrary, parameters: sd.SerdeInfo.Parameters } : undefined,
    bucketColumns: sd.BucketColumns,
    sortColumns: sd.SortColumns?.map((s) => ({ column: s.Column!, sortOrder: s.SortOrder ?? 1 })),
    parameters: sd.Parameters,
    skewedInfo: sd.SkewedInfo
      ? {
          skewedColumnNames: sd.SkewedInfo.SkewedColumnNames,
          skewedColumnValues: sd.SkewedInfo.SkewedColumnValues,
          skewedColumnValueLocationMaps: sd.SkewedInfo.SkewedColumnValueLocationMaps,
        }
      : undefined,
    storedAsSubDirectories: sd.StoredAsSubDirectories,
  };
}

export function tableInputOf(input: GlueTableInput): TableInput {
  return {
    name: input.Name!,
    description: input.Description,
    owner: input.Owner,
    tableType: input.TableType,
    parameters: input.Parameters,
    storage: storageInputOf(input.StorageDescriptor),
    partitionKeys: columnInputs(input.PartitionKeys),
    retention: input.Retention,
    viewOriginalText: input.ViewOriginalText,
    viewExpandedText: input.ViewExpandedText,
    lastAccessTimeMs: ms(input.LastAccessTime),
    lastAnalyzedTimeMs: ms(input.LastAnalyzedTime),
  };
}

export function partitionInputOf(input: GluePartitionInput): PartitionInput {
  return {
    values: input.Values ?? [],
    storage: storageInputOf(input.StorageDescriptor),
    parameters: input.Parameters,
    lastAccessTimeMs: ms(input.LastAccessTime),
    lastAnalyzedTimeMs: ms(input.LastAnalyzedTime),
  };
}

// ── domain → Glue shapes ──────────────────────────────────────────────────────

export function glueDatabase(d: DatabaseDefinition, ctx: RequestContext): GlueDatabase {
  return {
    Name: d.name,
    ...(d.description !== undefined ? { Description: d.description } : {}),
    ...(d.locationUri !== undefined ? { LocationUri: d.locationUri } : {}),
    Parameters: { ...d.parameters },
    CreateTime: new Date(d.createdAtMs),
    // What Glue reports for a database created without Lake Formation settings.
    CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }],
    CatalogId: ctx.accountId,
  };
}

function glueColumns(columns: readonly Column[]): GlueColumn[] {
  return columns.map((c) => ({
    Name: c.name,
    Type: c.type,
    ...(c.comment !== undefined ? { Comment: c.comment } : {}),
    ...(c.parameters !== undefined ? { Parameters: { ...c.parameters } } : {}),
  }));
}

export function glueStorage(sd: StorageDescriptor, excludeColumns = false): GlueStorageDescriptor {
  return {
    ...(excludeColumns ? {} : { Columns: glueColumns(sd.columns) }),
    ...(sd.location !== undefined ? { Location: sd.location } : {}),
    ...(sd.additionalLocations !== undefined ? { AdditionalLocations: [...sd.additionalLocations] } : {}),
    ...(sd.inputFormat !== undefined ? { InputFormat: sd.inputFormat } : {}),
    ...(sd.outputFormat !== undefined ? { OutputFormat: sd.outputFormat } : {}),
    Compressed: sd.compressed ?? false,
    NumberOfBuckets: sd.numberOfBuckets ?? 0,
    ...(sd.serdeInfo !== undefined
      ? {
          SerdeInfo: {
            ...(sd.serdeInfo.name !== undefined ? { Name: sd.serdeInfo.name } : {}),
            ...(sd.serdeInfo.serializationLibrary !== undefined ? { SerializationLibrary: sd.serdeInfo.serializationLibrary } : {}),
            Parameters: { ...(sd.serdeInfo.parameters ?? {}) },
          },
        }
      : {}),
    BucketColumns: [...(sd.bucketColumns ?? [])],
    SortColumns: (sd.sortColumns ?? []).map((s) => ({ Column: s.column, SortOrder: s.sortOrder })),
    Parameters: { ...(sd.parameters ?? {}) },
    ...(sd.skewedInfo !== undefined
      ? {
          SkewedInfo: {
            SkewedColumnNames: [...(sd.skewedInfo.skewedColumnNames ?? [])],
            SkewedColumnValues: [...(sd.skewedInfo.skewedColumnValues ?? [])],
            SkewedColumnValueLocationMaps: { ...(sd.skewedInfo.skewedColumnValueLocationMaps ?? {}) },
          },
        }
      : {}),
    StoredAsSubDirectories: sd.storedAsSubDirectories ?? false,
  };
}

export function glueTable(t: TableDefinition, ctx: RequestContext): GlueTable {
  return {
    Name: t.name,
    DatabaseName: t.databaseName,
    ...(t.description !== undefined ? { Description: t.description } : {}),
    ...(t.owner !== undefined ? { Owner: t.owner } : {}),
    CreateTime: new Date(t.createdAtMs),
    UpdateTime: new Date(t.updatedAtMs),
    ...(t.lastAccessTimeMs !== undefined ? { LastAccessTime: new Date(t.lastAccessTimeMs) } : {}),
    ...(t.lastAnalyzedTimeMs !== undefined ? { LastAnalyzedTime: new Date(t.lastAnalyzedTimeMs) } : {}),
    Retention: t.retention ?? 0,
    StorageDescriptor: glueStorage(t.storage),
    PartitionKeys: glueColumns(t.partitionKeys),
    ...(t.viewOriginalText !== undefined ? { ViewOriginalText: t.viewOriginalText } : {}),
    ...(t.viewExpandedText !== undefined ? { ViewExpandedText: t.viewExpandedText } : {}),
    ...(t.tableType !== undefined ? { TableType: t.tableType } : {}),
    Parameters: { ...t.parameters },
    IsRegisteredWithLakeFormation: false,
    CatalogId: ctx.accountId,
    VersionId: String(t.version),
    IsMultiDialectView: false,
  };
}

export function gluePartition(p: PartitionDefinition, ctx: RequestContext, excludeColumns = false): GluePartition {
  return {
    Values: [...p.values],
    DatabaseName: p.databaseName,
    TableName: p.tableName,
    CreationTime: new Date(p.createdAtMs),
    ...(p.lastAccessTimeMs !== undefined ? { LastAccessTime: new Date(p.lastAccessTimeMs) } : {}),
    StorageDescriptor: glueStorage(p.storage, excludeColumns),
    Parameters: { ...p.parameters },
    ...(p.lastAnalyzedTimeMs !== undefined ? { LastAnalyzedTime: new Date(p.lastAnalyzedTimeMs) } : {}),
    CatalogId: ctx.accountId,
  };
}

/** Glue's VersionId is a string holding a number. */
export function parseVersionId(versionId: string): number {
  if (!/^\d{1,15}$/.test(versionId)) throw invalidInput(`Invalid VersionId: ${versionId}`);
  return Number(versionId);
}
