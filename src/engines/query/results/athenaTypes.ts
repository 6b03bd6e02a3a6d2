import { DuckDBTypeId, type DuckDBType } from '@duckdb/node-api';

/** A result column as Athena describes it (ColumnInfo). */
export interface ResultColumn {
  readonly name: string;
  /** Athena's type name: varchar, integer, bigint, double, timestamp, array, row … */
  readonly type: string;
  readonly precision: number;
  readonly scale: number;
  readonly caseSensitive: boolean;
}

/** The name, precision and scale Athena reports for a DuckDB result type. */
export function athenaColumnType(t: DuckDBType): { type: string; precision: number; scale: number; caseSensitive: boolean } {
  const plain = (type: string, precision = 0, caseSensitive = false) => ({ type, precision, scale: 0, caseSensitive });
  if (t.alias === 'JSON') return plain('json');
  switch (t.typeId) {
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return plain('varchar', 2147483647, true);
    case DuckDBTypeId.BOOLEAN:
      return plain('boolean');
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
      return plain('tinyint', 3);
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.USMALLINT:
      return plain('smallint', 5);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return plain('integer', 10);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT: // sum(bigint) in DuckDB; bigint in Trino
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return plain('bigint', 19);
    case DuckDBTypeId.FLOAT:
      return plain('float', 7);
    case DuckDBTypeId.DOUBLE:
      return plain('double', 17);
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return { type: 'decimal', precision: d.width, scale: d.scale, caseSensitive: false };
    }
    case DuckDBTypeId.DATE:
      return plain('date');
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
      return plain('time', 3);
    case DuckDBTypeId.TIME_TZ:
      return plain('time with time zone', 3);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return plain('timestamp', 3);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return plain('timestamp with time zone', 3);
    case DuckDBTypeId.INTERVAL:
      return plain('interval day to second');
    case DuckDBTypeId.BLOB:
    case DuckDBTypeId.BIT:
      return plain('varbinary', 2147483647);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return plain('array');
    case DuckDBTypeId.MAP:
      return plain('map');
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.UNION:
      return plain('row');
    case DuckDBTypeId.SQLNULL:
      return plain('unknown');
    default:
      return plain('varchar', 2147483647, true);
  }
}
