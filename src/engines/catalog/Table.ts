/**
 * The catalog's domain: databases, tables and partitions, shaped like Glue's (and Hive's)
 * because Firehose, Athena and users' Terraform all speak that model.
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

export interface StorageDescriptor {
  readonly columns: readonly Column[];
  /** s3://bucket/prefix/ */
  readonly location?: string;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly compressed?: boolean;
  readonly serdeInfo?: SerDeInfo;
  readonly parameters?: Readonly<Record<string, string>>;
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
  readonly parameters: Readonly<Record<string, string>>;
  readonly storage: StorageDescriptor;
  readonly partitionKeys: readonly Column[];
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  /** Glue's VersionId: starts at 1, increases with every UpdateTable. */
  readonly version: number;
}

export interface PartitionDefinition {
  readonly databaseName: string;
  readonly tableName: string;
  /** One value per partition key, in the table's key order. */
  readonly values: readonly string[];
  readonly storage: StorageDescriptor;
  readonly parameters: Readonly<Record<string, string>>;
  readonly createdAtMs: number;
}

/** What other engines (delivery's format conversion, query) need from the catalog. */
export interface TableLookup {
  getTable(databaseName: string, tableName: string): Promise<TableDefinition | undefined>;
}
