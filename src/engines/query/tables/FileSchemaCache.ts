import type { DuckDbPool } from '../duckdb/DuckDbPool.js';
import { SqlError } from '../sql/SqlError.js';
import { quoteString } from '../sql/tokenize.js';
import type { LakeFile } from './LakeFileLister.js';

/** A column as a data file names and types it. */
export interface FileColumn {
  /** As spelled in the file (Parquet names and JSON keys are case-sensitive there). */
  readonly name: string;
  /** DuckDB's type for it (Parquet); 'JSON' for JSON keys. */
  readonly type: string;
}

const PROBE_BATCH = 500;
const MAX_CACHED_FILES = 200_000;

/**
 * What columns the files of a table really have, so a scan can match catalog columns to
 * file columns by name regardless of case (as Athena does), fill columns a file lacks with
 * NULL and cast where types differ. Each file is probed once (DuckDB reads Parquet footers
 * — which it then caches for the scan itself — or JSON keys) and remembered by path, size
 * and mtime.
 */
export class FileSchemaCache {
  private readonly byFile = new Map<string, { size: number; mtimeMs: number; columns: readonly FileColumn[]; signature?: string }>();

  constructor(private readonly pool: DuckDbPool) {}

  /** The union of the files' columns, by lower-cased name; several spellings of one name all appear. */
  async columns(files: readonly LakeFile[], format: 'parquet' | 'json'): Promise<Map<string, FileColumn[]>> {
    const missing = files.filter((f) => {
      const c = this.byFile.get(f.path);
      return !c || c.size !== f.size || c.mtimeMs !== f.mtimeMs;
    });
    for (let i = 0; i < missing.length; i += PROBE_BATCH) {
      const batch = missing.slice(i, i + PROBE_BATCH);
      const columns = format === 'parquet' ? await this.probeParquet(batch) : await this.probeJson(batch);
      const signatures = format === 'parquet' ? await this.parquetSignatures(batch) : new Map<string, string>();
      if (this.byFile.size + batch.length > MAX_CACHED_FILES) this.byFile.clear();
      for (const f of batch) {
        const signature = signatures.get(f.path);
        this.byFile.set(f.path, { size: f.size, mtimeMs: f.mtimeMs, columns, ...(signature !== undefined ? { signature } : {}) });
      }
    }
    const union = new Map<string, FileColumn[]>();
    const seen = new Set<string>();
    // files probed together share one column list: each list is merged once
    const merged = new Set<readonly FileColumn[]>();
    for (const f of files) {
      const columns = this.byFile.get(f.path)?.columns;
      if (!columns || merged.has(columns)) continue;
      merged.add(columns);
      for (const c of columns) {
        const id = `${c.name}\u0000${c.type}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const key = c.name.toLowerCase();
        union.set(key, [...(union.get(key) ?? []), c]);
      }
    }
    return union;
  }

  /**
   * True when every file has exactly the same Parquet schema (known after `columns`): DuckDB
   * then reads them without matching columns by name file by file, which costs ~15% on
   * thousands of small files.
   */
  sameSchema(files: readonly LakeFile[]): boolean {
    const first = this.byFile.get(files[0]?.path ?? '')?.signature;
    return first !== undefined && files.every((f) => this.byFile.get(f.path)?.signature === first);
  }

  /** Each file's physical schema, as one string per file. */
  private async parquetSignatures(files: readonly LakeFile[]): Promise<Map<string, string>> {
    const list = files.map((f) => quoteString(f.path)).join(', ');
    return this.pool.withControl(async (c) => {
      try {
        const r = await c.runAndReadAll(
          `SELECT file_name, string_agg(concat_ws(' ', name, type, converted_type, logical_type, num_children), '|') FROM parquet_schema([${list}]) GROUP BY file_name`,
        );
        return new Map(r.getRows().map((row) => [String(row[0]), String(row[1])]));
      } catch (e) {
        throw badData(e, files);
      }
    });
  }

  private async probeParquet(files: readonly LakeFile[]): Promise<FileColumn[]> {
    const list = files.map((f) => quoteString(f.path)).join(', ');
    return this.pool.withControl(async (c) => {
      try {
        const r = await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet([${list}], union_by_name = true)`);
        return r.getRows().map((row) => ({ name: String(row[0]), type: String(row[1]) }));
      } catch (e) {
        throw badData(e, files);
      }
    });
  }

  private async probeJson(files: readonly LakeFile[]): Promise<FileColumn[]> {
    const list = files.map((f) => quoteString(f.path)).join(', ');
    return this.pool.withControl(async (c) => {
      try {
        const r = await c.runAndReadAll(
          `SELECT DISTINCT unnest(json_keys(json)) FROM read_ndjson_objects([${list}], ignore_errors = true) WHERE json_type(json) = 'OBJECT'`,
        );
        return r.getRows().map((row) => ({ name: String(row[0]), type: 'JSON' }));
      } catch (e) {
        throw badData(e, files);
      }
    });
  }
}

function badData(e: unknown, files: readonly LakeFile[]): SqlError {
  const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const named = files.find((f) => message.includes(f.path));
  const where = named ? ` (s3://${named.bucket}/${named.key})` : '';
  return new SqlError('HIVE_BAD_DATA', `Error reading file${where}: ${message.replace(/^[A-Za-z ]+Error: /, '')}`);
}
