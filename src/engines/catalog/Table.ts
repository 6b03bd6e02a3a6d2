/**
 * The catalog's domain: databases, tables and partitions, shaped like Glue's (and Hive's)
 * because Firehose, Athena and users' Terraform all speak that model.
 *
 * Names of databases, tables and columns are stored folded to lower case, as Glue stores
 * them ("for Hive compatibility"); lookups fold the name they are given.
 */
export interface Column {
  readonly name: string;
  /** A Hive type: string, int, bigint, double, timestamp, decimal(10,2), array<string>, struct<a:int> … */
  readonly type: string;
  readonly comment?: string;
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface SerDeInfo {
  readonly name?: string;
  readonly serializationLibrary?: string;
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface SortColumn {
  readonly column: string;
  /** 1 ascending, 0 descending (Hive's convention). */
  readonly sortOrder: number;
}

export interface SkewedInfo {
  readonly skewedColumnNames?: readonly string[];
  readonly skewedColumnValues?: readonly string[];
  readonly skewedColumnValueLocationMaps?: Readonly<Record<string, string>>;
}

export interface StorageDescriptor {
  readonly columns: readonly Column[];
  /** s3://bucket/prefix/ */
  readonly location?: string;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly compressed?: boolean;
  readonly serdeInfo?: SerDeInfo;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly numberOfBuckets?: number;
  readonly bucketColumns?: readonly string[];
  readonly sortColumns?: readonly SortColumn[];
  readonly storedAsSubDirectories?: boolean;
  readonly skewedInfo?: SkewedInfo;
  readonly additionalLocations?: readonly string[];
}

export interface DatabaseDefinition {
  readonly name: string;
  readonly description?: string;
  readonly locationUri?: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
}

export interface TableDefinition {
  readonly databaseName: string;
  readonly name: string;
  readonly description?: string;
  readonly owner?: string;
  /** EXTERNAL_TABLE, VIRTUAL_VIEW … */
  readonly tableType?: string;
  /** Table properties, including `projection.*` (partition projection) and `storage.location.template`. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly storage: StorageDescriptor;
  readonly partitionKeys: readonly Column[];
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /**
   * Glue's VersionId: 0 for a new table (as GetTable shows it), one more with every
   * UpdateTable.
   */
  readonly version: number;
  readonly retention?: number;
  readonly viewOriginalText?: string;
  readonly viewExpandedText?: string;
  readonly lastAccessTimeMs?: number;
  readonly lastAnalyzedTimeMs?: number;
}

export interface PartitionDefinition {
  readonly databaseName: string;
  readonly tableName: string;
  /** One value per partition key, in the table's key order. */
  readonly values: readonly string[];
  readonly storage: StorageDescriptor;
  readonly parameters: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
  readonly lastAccessTimeMs?: number;
  readonly lastAnalyzedTimeMs?: number;
}

/** What other engines (delivery's format conversion, query) need from the catalog. */
export interface TableLookup {
  getTable(databaseName: string, tableName: string): Promise<TableDefinition | undefined>;
}
