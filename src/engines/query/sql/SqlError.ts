/**
 * Why a statement failed, named as Athena (Trino) names it: SYNTAX_ERROR, TABLE_NOT_FOUND …
 * The position, when known, is an offset in the SQL the user wrote.
 */
export type SqlErrorName =
  | 'SYNTAX_ERROR'
  | 'TABLE_NOT_FOUND'
  | 'SCHEMA_NOT_FOUND'
  | 'COLUMN_NOT_FOUND'
  | 'FUNCTION_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'NOT_SUPPORTED'
  | 'INVALID_FUNCTION_ARGUMENT'
  | 'INVALID_CAST_ARGUMENT'
  | 'INVALID_PARAMETER_USAGE'
  | 'INVALID_TABLE_PROPERTY'
  | 'ALREADY_EXISTS'
  | 'CONSTRAINT_VIOLATION'
  | 'HIVE_BAD_DATA'
  | 'HIVE_PATH_ALREADY_EXISTS'
  | 'HIVE_TOO_MANY_OPEN_PARTITIONS'
  | 'INVALID_VIEW'
  | 'VIEW_IS_STALE'
  | 'VIEW_IS_RECURSIVE'
  | 'HIVE_CURSOR_ERROR'
  | 'EXCEEDED_TIME_LIMIT'
  | 'EXCEEDED_MEMORY_LIMIT'
  | 'EXCEEDED_RESULT_LIMIT'
  | 'GENERIC_USER_ERROR'
  | 'GENERIC_INTERNAL_ERROR';

export class SqlError extends Error {
  constructor(
    readonly errorName: SqlErrorName,
    readonly detail: string,
    /** Offset in the original SQL (UTF-16 units), when the problem has a place. */
    readonly position?: number,
  ) {
    super(`${errorName}: ${detail}`);
    this.name = 'SqlError';
  }

  /** Athena's spelling: `SYNTAX_ERROR: line 1:15: …` (1-based line and column). */
  render(sql: string | undefined): string {
    if (this.position === undefined || sql === undefined) return `${this.errorName}: ${this.detail}`;
    const { line, column } = lineAndColumn(sql, this.position);
    return `${this.errorName}: line ${line}:${column}: ${this.detail}`;
  }

  withPosition(position: number | undefined): SqlError {
    return position === undefined || this.position !== undefined ? this : new SqlError(this.errorName, this.detail, position);
  }
}

export function lineAndColumn(sql: string, offset: number): { line: number; column: number } {
  const before = sql.slice(0, Math.max(0, Math.min(offset, sql.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
