/**
 * The statements Lakehose runs, as the parser understands them. Queries (SELECT and
 * friends) stay text — offsets into the statement — and are translated for DuckDB later;
 * everything else (DDL, SHOW, MSCK …) is parsed here into plain data.
 */
export interface TableName {
  /** Absent when the statement did not name one: the session's database applies. */
  readonly database?: string;
  readonly name: string;
  /** Offset of the name in the statement, for error messages. */
  readonly position: number;
}

export interface ColumnSpec {
  readonly name: string;
  /** Hive type as written, normalised: lower case, no spaces (`array<struct<a:int>>`). */
  readonly type: string;
  readonly comment?: string;
}

/** A span of the statement text holding a query (SELECT, WITH …, VALUES …). */
export interface QueryText {
  readonly start: number;
  readonly end: number;
}

export interface PartitionSpec {
  /** Partition key → value, in the order written. */
  readonly values: ReadonlyArray<readonly [string, string]>;
  readonly location?: string;
}

export interface ExternalTableSpec {
  readonly table: TableName;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnSpec[];
  readonly partitionKeys: readonly ColumnSpec[];
  readonly comment?: string;
  readonly serde?: string;
  readonly serdeProperties: Readonly<Record<string, string>>;
  readonly inputFormat?: string;
  readonly outputFormat?: string;
  readonly location?: string;
  readonly tableProperties: Readonly<Record<string, string>>;
}

/** CTAS and UNLOAD `WITH (...)` values: strings, numbers, booleans or ARRAY['a', …]. */
export type PropertyValue = string | number | boolean | readonly string[];

export type Statement =
  | { readonly kind: 'query'; readonly query: QueryText }
  | { readonly kind: 'explain'; readonly analyze: boolean; readonly query: QueryText }
  | { readonly kind: 'createDatabase'; readonly name: string; readonly ifNotExists: boolean; readonly comment?: string; readonly location?: string; readonly properties: Readonly<Record<string, string>> }
  | { readonly kind: 'dropDatabase'; readonly name: string; readonly ifExists: boolean; readonly cascade: boolean }
  | { readonly kind: 'createTable'; readonly spec: ExternalTableSpec }
  | { readonly kind: 'createTableAs'; readonly table: TableName; readonly ifNotExists: boolean; readonly properties: Readonly<Record<string, PropertyValue>>; readonly query: QueryText; readonly withData: boolean }
  | { readonly kind: 'insert'; readonly table: TableName; readonly columns?: readonly string[]; readonly query: QueryText }
  | { readonly kind: 'dropTable'; readonly table: TableName; readonly ifExists: boolean }
  | { readonly kind: 'showTables'; readonly database?: string; readonly pattern?: string }
  | { readonly kind: 'showDatabases'; readonly pattern?: string }
  | { readonly kind: 'showPartitions'; readonly table: TableName }
  | { readonly kind: 'showColumns'; readonly table: TableName }
  | { readonly kind: 'describe'; readonly table: TableName; readonly extended: boolean }
  | { readonly kind: 'showCreateTable'; readonly table: TableName }
  | { readonly kind: 'showTableProperties'; readonly table: TableName; readonly property?: string }
  | { readonly kind: 'repairTable'; readonly table: TableName }
  | { readonly kind: 'addPartitions'; readonly table: TableName; readonly ifNotExists: boolean; readonly partitions: readonly PartitionSpec[] }
  | { readonly kind: 'dropPartitions'; readonly table: TableName; readonly ifExists: boolean; readonly partitions: readonly PartitionSpec[] }
  | { readonly kind: 'setTableProperties'; readonly table: TableName; readonly properties: Readonly<Record<string, string>> }
  | { readonly kind: 'addColumns'; readonly table: TableName; readonly columns: readonly ColumnSpec[] }
  | { readonly kind: 'setLocation'; readonly table: TableName; readonly location: string }
  | { readonly kind: 'prepare'; readonly name: string; readonly body: QueryText }
  | { readonly kind: 'execute'; readonly name: string; readonly parameters: readonly QueryText[] }
  | { readonly kind: 'deallocate'; readonly name: string }
  | {
      readonly kind: 'createView';
      readonly view: TableName;
      readonly replace: boolean;
      readonly comment?: string;
      /** SECURITY INVOKER (runAsInvoker) or DEFINER, when written. */
      readonly security?: 'DEFINER' | 'INVOKER';
      readonly query: QueryText;
    }
  | { readonly kind: 'dropView'; readonly view: TableName; readonly ifExists: boolean }
  | { readonly kind: 'showViews'; readonly database?: string; readonly pattern?: string }
  | { readonly kind: 'showCreateView'; readonly view: TableName }
  | { readonly kind: 'unload'; readonly query: QueryText; readonly location: string; readonly properties: Readonly<Record<string, PropertyValue>> };

export type StatementKind = Statement['kind'];

/** Athena's StatementType and SubstatementType for each kind. */
export function statementTypes(kind: StatementKind): { type: 'DDL' | 'DML' | 'UTILITY'; subtype: string } {
  switch (kind) {
    case 'query':
      return { type: 'DML', subtype: 'SELECT' };
    case 'explain':
      return { type: 'DML', subtype: 'EXPLAIN' };
    case 'insert':
      return { type: 'DML', subtype: 'INSERT' };
    case 'createTableAs':
      return { type: 'DDL', subtype: 'CREATE_TABLE_AS_SELECT' };
    case 'createTable':
      return { type: 'DDL', subtype: 'CREATE_TABLE' };
    case 'createDatabase':
      return { type: 'DDL', subtype: 'CREATE_DATABASE' };
    case 'dropDatabase':
      return { type: 'DDL', subtype: 'DROP_DATABASE' };
    case 'dropTable':
      return { type: 'DDL', subtype: 'DROP_TABLE' };
    case 'repairTable':
      return { type: 'DDL', subtype: 'MSCK_REPAIR_TABLE' };
    case 'addPartitions':
      return { type: 'DDL', subtype: 'ALTER_TABLE_ADD_PARTITION' };
    case 'dropPartitions':
      return { type: 'DDL', subtype: 'ALTER_TABLE_DROP_PARTITION' };
    case 'setTableProperties':
      return { type: 'DDL', subtype: 'ALTER_TABLE_SET_TBLPROPERTIES' };
    case 'addColumns':
      return { type: 'DDL', subtype: 'ALTER_TABLE_ADD_COLUMNS' };
    case 'setLocation':
      return { type: 'DDL', subtype: 'ALTER_TABLE_SET_LOCATION' };
    case 'showTables':
      return { type: 'UTILITY', subtype: 'SHOW_TABLES' };
    case 'showDatabases':
      return { type: 'UTILITY', subtype: 'SHOW_DATABASES' };
    case 'showPartitions':
      return { type: 'UTILITY', subtype: 'SHOW_PARTITIONS' };
    case 'showColumns':
      return { type: 'UTILITY', subtype: 'SHOW_COLUMNS' };
    case 'describe':
      return { type: 'UTILITY', subtype: 'DESCRIBE_TABLE' };
    case 'showCreateTable':
      return { type: 'UTILITY', subtype: 'SHOW_CREATE_TABLE' };
    case 'showTableProperties':
      return { type: 'UTILITY', subtype: 'SHOW_TBLPROPERTIES' };
    case 'prepare':
      return { type: 'UTILITY', subtype: 'PREPARE' };
    case 'execute':
      return { type: 'DML', subtype: 'EXECUTE' };
    case 'deallocate':
      return { type: 'UTILITY', subtype: 'DEALLOCATE' };
    case 'createView':
      return { type: 'DDL', subtype: 'CREATE_VIEW' };
    case 'dropView':
      return { type: 'DDL', subtype: 'DROP_VIEW' };
    case 'showViews':
      return { type: 'UTILITY', subtype: 'SHOW_VIEWS' };
    case 'showCreateView':
      return { type: 'UTILITY', subtype: 'SHOW_CREATE_VIEW' };
    case 'unload':
      return { type: 'DML', subtype: 'UNLOAD' };
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
