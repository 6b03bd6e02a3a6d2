import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';
import { compress, contentEncodingFor, extensionFor } from '../compression/index.js';
import { ParquetConverter } from '../convert/index.js';
import type { DeliveryPlan, ObjectTarget } from '../model/DeliveryPlan.js';
import { objectKeyFor, objectUuidFor } from '../prefix/index.js';
import type { TableSource } from '../ports.js';
import { conversionErrorLine, processingErrorLine } from './errorRecords.js';
import type { PartitionBuffer } from './PartitionBuffer.js';
import { ParquetSpool, type SpoolConverter } from './ParquetSpool.js';
import type { BufferedRecord } from './records.js';

/** One object ready to be written. */
export interface BuiltObject {
  readonly kind: 'data' | 'error' | 'backup';
  readonly bucket: string;
  readonly key: string;
  /** Bytes, or a file to stream (Parquet is written by DuckDB to a scratch file). */
  readonly body: Uint8Array | { readonly path: string };
  readonly contentEncoding: string | undefined;
  readonly records: number;
  /** Record bytes before compression/conversion. */
  readonly recordBytes: number;
}

export interface ConversionFigures {
  readonly succeededRecords: number;
  readonly succeededBytes: number;
  readonly failedRecords: number;
  readonly failedBytes: number;
  /** The first record that failed conversion, for the error log. */
  readonly firstFailure?: { readonly errorCode: string; readonly errorMessage: string };
}

export interface BuildResult {
  readonly objects: BuiltObject[];
  readonly conversion: ConversionFigures | undefined;
  /** Scratch files to remove once the objects are written. */
  readonly scratch: string[];
}

export interface ObjectBuilderOptions {
  readonly plan: DeliveryPlan;
  readonly tables: TableSource;
  readonly duckdb: () => Promise<DuckDBInstance>;
  readonly scratchDir: string;
  readonly clock: () => number;
}

/**
 * Turns a buffer into objects: concatenated records compressed by the destination's format,
 * or — with format conversion — one Parquet file by the catalog table's schema plus, for
 * records that do not fit, a `format-conversion-failed` error object. Keys come from the
 * buffer's identity (prefix/objectKeyFor), so building the same buffer again gives the
 * same keys.
 */
export class ObjectBuilder {
  private converter: { key: string; converter: ParquetConverter } | undefined;
  private files = 0;

  constructor(private readonly options: ObjectBuilderOptions) {}

  async build(buffer: PartitionBuffer): Promise<BuildResult> {
    const { plan } = this.options;
    const identity = buffer.identity(plan.streamUid, plan.version);
    const p = buffer.partition;
    switch (p.kind) {
      case 'backup':
        return { objects: [await this.concatenated('backup', plan.backup!, plan.backup!.prefix, buffer, identity, {})], conversion: undefined, scratch: [] };
      case 'error':
        return {
          objects: [await this.errorObject(buffer.records, buffer.oldestArrivalMs, identity, p.outputType)],
          conversion: undefined,
          scratch: [],
        };
      case 'data': {
        const keys = { partitionKeysFromQuery: p.keysFromQuery, partitionKeysFromLambda: p.keysFromLambda };
        const probe = this.keyFor(plan.destination.prefix, identity, buffer.oldestArrivalMs, plan.destination.extension, keys);
        if (!probe.ok && buffer.spool) throw new Error(`The prefix cannot be evaluated: ${probe.message}`);
        if (!probe.ok) {
          // The prefix could not be evaluated for this object (checked per record earlier, so rare): error output.
          const lines = buffer.records.map((r) =>
            processingErrorLine(
              { outputType: 'processing-failed', errorCode: 'DynamicPartitioning.PrefixEvaluationFailed', errorMessage: probe.message, attemptsMade: 1, rawData: r.data },
              r.arrivalMs,
              this.options.clock(),
            ),
          );
          const records = buffer.records.map((r, i) => ({ ...r, data: lines[i]! }));
          return { objects: [await this.errorObject(records, buffer.oldestArrivalMs, identity, 'processing-failed')], conversion: undefined, scratch: [] };
        }
        if (plan.conversion) return this.parquet(buffer, identity, probe.key);
        if (buffer.spool) throw new Error('a spooled buffer needs format conversion');
        return {
          objects: [await this.concatenated('data', plan.destination, plan.destination.prefix, buffer, identity, keys)],
          conversion: undefined,
          scratch: [],
        };
      }
    }
  }

  private keyFor(
    template: ObjectTarget['prefix'],
    identity: string,
    oldestArrivalMs: number,
    extension: string,
    extra: { partitionKeysFromQuery?: Readonly<Record<string, string>> | undefined; partitionKeysFromLambda?: Readonly<Record<string, string>> | undefined; errorOutputType?: string },
  ): { ok: true; key: string } | { ok: false; message: string } {
    const { plan } = this.options;
    const r = objectKeyFor({
      template,
      batchIdentity: identity,
      streamName: plan.streamName,
      streamVersion: plan.version,
      oldestArrivalMs,
      timeZone: plan.destination.timeZone,
      extension,
      ...extra,
    });
    return r.ok ? { ok: true, key: r.value } : { ok: false, message: r.message };
  }

  private async concatenated(
    kind: 'data' | 'backup',
    target: ObjectTarget,
    template: ObjectTarget['prefix'],
    buffer: PartitionBuffer,
    identity: string,
    keys: { partitionKeysFromQuery?: Readonly<Record<string, string>> | undefined; partitionKeysFromLambda?: Readonly<Record<string, string>> | undefined },
  ): Promise<BuiltObject> {
    const key = this.keyFor(template, identity, buffer.oldestArrivalMs, target.extension, keys);
    if (!key.ok) throw new Error(key.message);
    const body = await compress(target.compression, buffer.records.map((r) => r.data), { zipEntryName: objectUuidFor(identity) });
    return {
      kind,
      bucket: target.bucket,
      key: key.key,
      body,
      contentEncoding: contentEncodingFor(target.compression),
      records: buffer.records.length,
      recordBytes: buffer.bytes,
    };
  }

  /** Error records (already error-record JSON lines) under the error prefix, compressed like the destination. */
  private async errorObject(records: readonly BufferedRecord[], oldestArrivalMs: number, identity: string, outputType: string): Promise<BuiltObject> {
    const target = this.options.plan.destination;
    const key = this.keyFor(target.errorPrefix, identity, oldestArrivalMs, extensionFor(target.compression), { errorOutputType: outputType });
    if (!key.ok) throw new Error(key.message);
    let bytes = 0;
    for (const r of records) bytes += r.data.length;
    const body = await compress(target.compression, records.map((r) => r.data), { zipEntryName: objectUuidFor(identity) });
    return { kind: 'error', bucket: target.bucket, key: key.key, body, contentEncoding: contentEncodingFor(target.compression), records: records.length, recordBytes: bytes };
  }

  private async parquet(buffer: PartitionBuffer, identity: string, key: string): Promise<BuildResult> {
    const { plan, clock } = this.options;
    const conversion = plan.conversion!;
    const spool = buffer.spool ?? this.spoolOf(buffer.records);
    const result = await spool.finish();
    const pinned = await spool.pinnedConverter();
    const objects: BuiltObject[] = [];
    const scratch: string[] = [];
    if (pinned?.ok && result.batches.length > 0) {
      const path = join(this.options.scratchDir, `${process.pid}-${Date.now()}-${++this.files}.parquet`);
      scratch.push(path);
      const rows = await pinned.converter.writeParquet(result.batches, path);
      if (rows > 0) {
        objects.push({
          kind: 'data',
          bucket: plan.destination.bucket,
          key,
          body: { path },
          contentEncoding: undefined,
          records: result.convertedRecords,
          recordBytes: result.convertedBytes,
        });
      }
    }
    let failedBytes = 0;
    if (result.failures.length > 0) {
      const ended = clock();
      const lines = result.failures.map(({ record: r, errorCode, errorMessage }) => {
        failedBytes += r.data.length;
        return {
          ...r,
          data: conversionErrorLine(
            { errorCode, errorMessage, rawData: r.data, arrivalMs: r.arrivalMs, sequenceNumber: r.sequenceNumber, subSequenceNumber: r.sub },
            conversion,
            result.tableVersion,
            ended,
          ),
        };
      });
      let oldest = Infinity;
      for (const l of lines) oldest = Math.min(oldest, l.arrivalMs);
      objects.push(await this.errorObject(lines, oldest, `${identity}#format-conversion-failed`, 'format-conversion-failed'));
    }
    return {
      objects,
      conversion: {
        succeededRecords: result.convertedRecords,
        succeededBytes: result.convertedBytes,
        failedRecords: result.failures.length,
        failedBytes,
        ...(result.failures[0] ? { firstFailure: { errorCode: result.failures[0].errorCode, errorMessage: result.failures[0].errorMessage } } : {}),
      },
      scratch,
    };
  }

  /** A spool over records already in memory (a buffer that was not spooling). */
  private spoolOf(records: readonly BufferedRecord[]): ParquetSpool {
    const spool = new ParquetSpool(() => this.spoolConverter(), this.options.scratchDir, () => {});
    for (const r of records) spool.add(r);
    return spool;
  }

  /**
   * The converter for the catalog table as it is now (VersionId LATEST), or why there is
   * none; a spool takes one when its buffer starts and keeps it for all its records.
   */
  async spoolConverter(): Promise<SpoolConverter> {
    const conversion = this.options.plan.conversion!;
    const table = await this.options.tables()?.getTable(conversion.databaseName, conversion.tableName);
    if (!table) {
      return {
        ok: false,
        errorCode: 'DataFormatConversion.EntityNotFound',
        errorMessage: `Table ${conversion.databaseName}.${conversion.tableName} was not found in the catalog`,
      };
    }
    const version = String(table.version);
    const converter = await this.converterFor(table.storage.columns, version);
    if (typeof converter === 'string') return { ok: false, errorCode: 'DataFormatConversion.InvalidSchema', errorMessage: converter };
    return { ok: true, converter, tableVersion: version };
  }

  /** One converter per table version (VersionId LATEST follows table updates). */
  private async converterFor(columns: ReadonlyArray<{ name: string; type: string }>, version: string): Promise<ParquetConverter | string> {
    const conversion = this.options.plan.conversion!;
    const cacheKey = `${version}\u0000${JSON.stringify(columns.map((c) => [c.name, c.type]))}`;
    if (this.converter?.key === cacheKey) return this.converter.converter;
    try {
      const converter = await ParquetConverter.create(
        { columns: columns.map((c) => ({ name: c.name, type: c.type })) },
        conversion.serde,
        conversion.parquet,
        { duckdb: await this.options.duckdb() },
      );
      await this.converter?.converter.close();
      this.converter = { key: cacheKey, converter };
      return converter;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  async close(): Promise<void> {
    await this.converter?.converter.close();
    this.converter = undefined;
  }
}
