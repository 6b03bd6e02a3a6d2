import type { DuckDBResult, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import { athenaColumnType, type ResultColumn } from '../results/athenaTypes.js';
import { formatValue } from '../results/formatValue.js';
import type { QueryText } from '../sql/Statement.js';
import type { QueryRun, StatementOutcome } from './QueryRun.js';

/** SELECT (and WITH, VALUES): compile, run on DuckDB, stream the rows into `<id>.csv`. */
export async function runQuery(run: QueryRun, query: QueryText, resultKey: string): Promise<StatementOutcome> {
  const compiled = await run.compile(query.start, query.end);
  return run.withConnection(async (c) => {
    let result: DuckDBResult;
    try {
      // small results are collected whole (DuckDB is faster so); others stream, in constant memory
      const { values, types: parameterTypes } = compiled.parameters;
      result = compiled.resultSize === 'small' ? await c.run(compiled.sql, values, parameterTypes) : await c.stream(compiled.sql, values, parameterTypes);
    } catch (e) {
      throw run.duckError(e, compiled);
    }
    const names = result.columnNames();
    const types = result.columnTypes();
    const columns: ResultColumn[] = names.map((name, i) => ({ name, ...athenaColumnType(types[i]!) }));
    try {
      const at = { bucket: run.output.bucket, key: resultKey };
      const [written] = await Promise.all([run.deps.results.writeCsv(at, names, rowBatches(result, types), run.deps.maxResultBytes), run.deps.results.writeMetadata(at, columns)]);
      return { kind: 'rows', columns, rows: written.rows };
    } catch (e) {
      throw run.duckError(e, compiled);
    }
  });
}

/** EXPLAIN [ANALYZE]: DuckDB's plan of the compiled query, one line per row. */
export async function runExplain(run: QueryRun, query: QueryText, analyze: boolean, resultKey: string): Promise<StatementOutcome> {
  const compiled = await run.compile(query.start, query.end);
  return run.withConnection(async (c) => {
    let lines: string[];
    try {
      const reader = await c.runAndReadAll(`EXPLAIN ${analyze ? 'ANALYZE ' : ''}${compiled.sql}`, compiled.parameters.values, compiled.parameters.types);
      lines = reader
        .getRows()
        .map((r) => String(r[1] ?? ''))
        .join('\n')
        .split('\n');
    } catch (e) {
      throw run.duckError(e, compiled);
    }
    async function* rows() {
      yield lines.map((l) => [run.deps.localToUri(l)]);
    }
    const columns = [{ name: 'Query Plan', type: 'varchar', precision: 2147483647, scale: 0, caseSensitive: true }];
    const at = { bucket: run.output.bucket, key: resultKey };
    const [written] = await Promise.all([run.deps.results.writeCsv(at, ['Query Plan'], rows(), run.deps.maxResultBytes), run.deps.results.writeMetadata(at, columns)]);
    return { kind: 'rows', columns, rows: written.rows };
  });
}

type Formatter = (v: DuckDBValue) => string | null;

function formatterFor(type: DuckDBType): Formatter {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return (v) => (v === null ? null : (v as string));
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.HUGEINT:
      return (v) => (v === null ? null : String(v));
    default:
      return (v) => formatValue(v, type);
  }
}

/** The result's rows as text, one DuckDB chunk (up to 2048 rows) at a time. */
async function* rowBatches(result: DuckDBResult, types: readonly DuckDBType[]): AsyncGenerator<Array<Array<string | null>>> {
  const formatters = types.map(formatterFor);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const columns = chunk.getColumns();
    const n = chunk.rowCount;
    const rows: Array<Array<string | null>> = new Array(n);
    for (let r = 0; r < n; r++) {
      const row: Array<string | null> = new Array(columns.length);
      for (let c = 0; c < columns.length; c++) row[c] = formatters[c]!(columns[c]![r] ?? null);
      rows[r] = row;
    }
    yield rows;
  }
}
