import type { TableDefinition } from '../../catalog/Table.js';
import { SqlError } from '../sql/SqlError.js';

/**
 * How a table's files are read, from its SerDe (which decides, as in Athena: the lab's
 * table says TextInputFormat but ParquetHiveSerDe, and holds Parquet) or else its input
 * format.
 */
export type TableFormat =
  | { readonly kind: 'parquet' }
  | { readonly kind: 'json'; readonly caseInsensitive: boolean; readonly ignoreMalformed: boolean }
  | {
      readonly kind: 'csv';
      readonly delimiter: string;
      /** undefined: fields are never quoted (LazySimpleSerDe) */
      readonly quote: string | undefined;
      readonly escape: string | undefined;
      readonly nullString: string | undefined;
      readonly skipLines: number;
    };

export function tableFormat(table: Pick<TableDefinition, 'name' | 'parameters' | 'storage'>): TableFormat {
  const serde = (table.storage.serdeInfo?.serializationLibrary ?? '').toLowerCase();
  const input = (table.storage.inputFormat ?? '').toLowerCase();
  const props = table.storage.serdeInfo?.parameters ?? {};
  const skipLines = Number(table.parameters['skip.header.line.count'] ?? '0') || 0;
  if (serde.includes('parquet') || (serde === '' && input.includes('parquet'))) return { kind: 'parquet' };
  if (serde.includes('json')) {
    return {
      kind: 'json',
      caseInsensitive: (props['case.insensitive'] ?? 'true').toLowerCase() !== 'false',
      ignoreMalformed: (props['ignore.malformed.json'] ?? 'false').toLowerCase() === 'true',
    };
  }
  if (serde.includes('opencsvserde')) {
    return {
      kind: 'csv',
      delimiter: hiveEscapes(props['separatorChar'] ?? ','),
      quote: hiveEscapes(props['quoteChar'] ?? '"'),
      escape: hiveEscapes(props['escapeChar'] ?? '\\'),
      nullString: undefined,
      skipLines,
    };
  }
  if (serde.includes('lazysimpleserde') || (serde === '' && input.includes('textinputformat'))) {
    const delimiter = hiveEscapes(props['field.delim'] ?? props['serialization.format'] ?? '\u0001');
    return {
      kind: 'csv',
      // serialization.format=1 is Hive's way of saying "the default" (^A)
      delimiter: delimiter === '1' ? '\u0001' : delimiter,
      quote: undefined,
      escape: props['escape.delim'] !== undefined ? hiveEscapes(props['escape.delim']) : undefined,
      nullString: props['serialization.null.format'] ?? '\\N',
      skipLines,
    };
  }
  if (serde.includes('orc') || input.includes('orc')) throw new SqlError('NOT_SUPPORTED', `Table ${table.name} is ORC, which Lakehose cannot read (Parquet, JSON and CSV can be)`);
  if (serde.includes('avro') || input.includes('avro')) throw new SqlError('NOT_SUPPORTED', `Table ${table.name} is Avro, which Lakehose cannot read (Parquet, JSON and CSV can be)`);
  throw new SqlError('NOT_SUPPORTED', `Table ${table.name} has a SerDe Lakehose cannot read (${serde || input || 'none'})`);
}

/**
 * Hive reads `'\t'`, `'\001'` and `'\u0001'` in delimiters as the characters they name
 * (SQL string literals keep the backslash).
 */
export function hiveEscapes(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|[0-7]{1,3}|[tnr\\])/g, (_m, e: string) => {
    if (e === 't') return '\t';
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e === '\\') return '\\';
    if (e.startsWith('u')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return String.fromCharCode(parseInt(e, 8));
  });
}
