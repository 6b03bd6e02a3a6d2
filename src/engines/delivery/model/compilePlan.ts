import { extensionFor } from '../compression/index.js';
import { parseDelimiterParameter, type DeAggregationConfig } from '../deaggregation/index.js';
import { timestampFormatsProblem } from '../convert/hiveTimestamp.js';
import type { JsonSerDeOptions } from '../convert/index.js';
import { compileS3Prefixes, isKnownTimeZone } from '../prefix/index.js';
import { DeliveryError } from '../DeliveryError.js';
import type { ConversionPlan, DeliveryPlan, LambdaPlan, ObjectTarget, ProcessingPlan } from './DeliveryPlan.js';
import type { DeliveryStreamState, ProcessorDefinition, ProcessorType, S3Target } from './DeliveryStreamDefinition.js';

const MIB = 1024 * 1024;
/** Firehose's default active-partition quota per stream. */
export const DEFAULT_ACTIVE_PARTITION_LIMIT = 500;
/**
 * Records accepted but not yet read by delivery, per stream, before PutRecord(Batch) refuses
 * with ServiceUnavailableException: ~400 MB of 200-byte events, minutes of backlog at full
 * speed. The log is durable, so this bounds disk use and freshness, not safety.
 */
export const DEFAULT_BACKLOG_LIMIT_RECORDS = 2_000_000;
/** With format conversion Firehose requires SizeInMBs ≥ 64 and defaults to 128. */
const CONVERSION_MIN_SIZE_MIB = 64;
const CONVERSION_DEFAULT_SIZE_MIB = 128;

/** Which parameters each processor type takes (AWS's ProcessorParameterName, per type). */
const PARAMETERS: Record<ProcessorType, readonly string[]> = {
  Lambda: ['LambdaArn', 'NumberOfRetries', 'RoleArn', 'BufferSizeInMBs', 'BufferIntervalInSeconds'],
  MetadataExtraction: ['MetadataExtractionQuery', 'JsonParsingEngine'],
  RecordDeAggregation: ['SubRecordType', 'Delimiter'],
  AppendDelimiterToRecord: [],
  Decompression: ['CompressionFormat'],
  CloudWatchLogProcessing: ['DataMessageExtraction'],
};

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9_-]{1,64})(?::[a-zA-Z0-9$_-]+)?$/;

function invalid(message: string): never {
  throw new DeliveryError('InvalidArgument', message);
}

export interface PlanContext {
  readonly region: string;
  readonly accountId: string;
  readonly activePartitionLimit?: number;
  readonly backlogLimitRecords?: number;
}

export function deliveryStreamArn(ctx: { region: string; accountId: string }, name: string): string {
  return `arn:aws:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${name}`;
}

/** Checks a delivery stream against Firehose's rules and compiles it for the pipeline; throws DeliveryError('InvalidArgument'). */
export function compilePlan(state: DeliveryStreamState, ctx: PlanContext): DeliveryPlan {
  const d = state.destination;
  const dynamicPartitioning = d.dynamicPartitioning?.enabled === true;
  const processing = compileProcessing(d.processing, dynamicPartitioning, state.source.kind === 'kinesis');
  const conversion = d.formatConversion?.enabled ? compileConversion(d.formatConversion, ctx) : undefined;

  if (conversion && d.compression !== 'UNCOMPRESSED') {
    invalid('CompressionFormat must be UNCOMPRESSED when data format conversion is enabled; the serializer compresses (ParquetSerDe Compression).');
  }
  if (conversion && d.buffering.sizeMiB < CONVERSION_MIN_SIZE_MIB) {
    invalid(`BufferingHints.SizeInMBs must be at least ${CONVERSION_MIN_SIZE_MIB} when data format conversion is enabled.`);
  }
  if (dynamicPartitioning && d.buffering.intervalSeconds === 0) {
    invalid('Zero buffering (IntervalInSeconds 0) is not supported with dynamic partitioning.');
  }
  if (d.customTimeZone !== undefined && d.customTimeZone !== '' && !isKnownTimeZone(d.customTimeZone)) {
    invalid(`CustomTimeZone ${d.customTimeZone} is not a supported time zone.`);
  }
  if (d.dynamicPartitioning?.retryDurationSeconds !== undefined) {
    const r = d.dynamicPartitioning.retryDurationSeconds;
    if (!Number.isInteger(r) || r < 0 || r > 7200) invalid('DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds must be 0 to 7200.');
  }
  if (d.backupMode === 'Enabled' && d.backup === undefined) {
    invalid('S3BackupConfiguration is required when S3BackupMode is Enabled.');
  }
  const timeZone = d.customTimeZone === '' ? undefined : d.customTimeZone;
  const defaultExtension = conversion ? '.parquet' : extensionFor(d.compression);
  const destination = compileTarget(d, dynamicPartitioning, d.fileExtension || defaultExtension, timeZone);
  const backup =
    d.backupMode === 'Enabled' && d.backup ? compileTarget(d.backup, false, extensionFor(d.backup.compression), timeZone) : undefined;
  return {
    streamName: state.name,
    streamUid: state.uid,
    streamArn: deliveryStreamArn(ctx, state.name),
    version: state.version,
    region: ctx.region,
    accountId: ctx.accountId,
    source: state.source,
    createdAtMs: state.createdAtMs,
    destination,
    processing,
    dynamicPartitioning,
    conversion,
    backup,
    activePartitionLimit: ctx.activePartitionLimit ?? DEFAULT_ACTIVE_PARTITION_LIMIT,
    backlogLimitRecords: state.backlogLimitRecords ?? ctx.backlogLimitRecords ?? DEFAULT_BACKLOG_LIMIT_RECORDS,
  };
}

function compileTarget(t: S3Target, dynamicPartitioning: boolean, extension: string, timeZone: string | undefined): ObjectTarget {
  const prefixes = compileS3Prefixes({ prefix: t.prefix, errorOutputPrefix: t.errorOutputPrefix, dynamicPartitioning });
  if (!prefixes.ok) invalid(prefixes.errors.join('; '));
  if (dynamicPartitioning && (t.errorOutputPrefix ?? '') === '') {
    invalid('ErrorOutputPrefix is required when dynamic partitioning is enabled.');
  }
  return {
    bucket: t.bucket,
    prefix: prefixes.prefix,
    errorPrefix: prefixes.errorOutputPrefix,
    compression: t.compression,
    extension,
    timeZone,
    bufferSizeBytes: t.buffering.sizeMiB * MIB,
    bufferIntervalMs: t.buffering.intervalSeconds * 1000,
  };
}

function compileProcessing(
  processing: { enabled: boolean; processors: readonly ProcessorDefinition[] },
  dynamicPartitioning: boolean,
  kinesisSource: boolean,
): ProcessingPlan {
  const plan: {
    -readonly [K in keyof ProcessingPlan]: ProcessingPlan[K];
  } = {
    kplDeaggregation: kinesisSource,
    decompressGzip: false,
    extractCloudWatchMessages: false,
    deaggregation: undefined,
    lambda: undefined,
    jqQuery: undefined,
    appendNewline: false,
  };
  if (!processing.enabled) return plan;
  const seen = new Set<ProcessorType>();
  for (const p of processing.processors) {
    if (seen.has(p.type)) invalid(`Processor type ${p.type} appears more than once in ProcessingConfiguration.`);
    seen.add(p.type);
    const params = new Map<string, string>();
    for (const { name, value } of p.parameters) {
      if (!PARAMETERS[p.type].includes(name)) invalid(`Parameter ${name} is not valid for processor type ${p.type}.`);
      if (params.has(name)) invalid(`Parameter ${name} is given more than once for processor type ${p.type}.`);
      params.set(name, value);
    }
    switch (p.type) {
      case 'Lambda':
        plan.lambda = compileLambda(params);
        break;
      case 'MetadataExtraction': {
        if (!dynamicPartitioning) invalid('The MetadataExtraction processor requires dynamic partitioning to be enabled.');
        const query = params.get('MetadataExtractionQuery');
        if (query === undefined) invalid('MetadataExtraction requires the MetadataExtractionQuery parameter.');
        const engine = params.get('JsonParsingEngine');
        if (engine !== 'JQ-1.6') invalid(`MetadataExtraction requires JsonParsingEngine JQ-1.6${engine ? `, not ${engine}` : ''}.`);
        plan.jqQuery = query;
        break;
      }
      case 'RecordDeAggregation':
        plan.deaggregation = compileDeaggregation(params);
        break;
      case 'AppendDelimiterToRecord':
        plan.appendNewline = true;
        break;
      case 'Decompression': {
        const format = params.get('CompressionFormat') ?? 'GZIP';
        if (format !== 'GZIP') invalid(`Decompression supports CompressionFormat GZIP, not ${format}.`);
        plan.decompressGzip = true;
        break;
      }
      case 'CloudWatchLogProcessing': {
        const extract = params.get('DataMessageExtraction') ?? 'false';
        if (extract !== 'true' && extract !== 'false') invalid('DataMessageExtraction must be true or false.');
        plan.extractCloudWatchMessages = extract === 'true';
        break;
      }
    }
  }
  if (plan.extractCloudWatchMessages && !plan.decompressGzip) {
    invalid('CloudWatchLogProcessing requires the Decompression processor (CloudWatch Logs data arrives gzipped).');
  }
  return plan;
}

function compileLambda(params: Map<string, string>): LambdaPlan {
  const arn = params.get('LambdaArn');
  if (arn === undefined) invalid('The Lambda processor requires the LambdaArn parameter.');
  const m = LAMBDA_ARN.exec(arn);
  if (!m) invalid(`LambdaArn ${arn} is not a valid Lambda function ARN.`);
  const retries = numberParam(params, 'NumberOfRetries', 3, 0, 300, true);
  const sizeMb = numberParam(params, 'BufferSizeInMBs', 1, 0.2, 3, false);
  const intervalSeconds = numberParam(params, 'BufferIntervalInSeconds', 60, 0, 900, true);
  return {
    functionArn: arn,
    functionName: m[1]!,
    bufferBytes: Math.round(sizeMb * 1_000_000),
    bufferIntervalMs: intervalSeconds * 1000,
    retries,
  };
}

function numberParam(params: Map<string, string>, name: string, dflt: number, min: number, max: number, integer: boolean): number {
  const text = params.get(name);
  if (text === undefined) return dflt;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    invalid(`Processor parameter ${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not '${text}'.`);
  }
  return value;
}

function compileDeaggregation(params: Map<string, string>): DeAggregationConfig {
  const type = params.get('SubRecordType');
  if (type === 'JSON') {
    if (params.has('Delimiter')) invalid('Delimiter is only allowed with SubRecordType DELIMITED.');
    return { subRecordType: 'JSON' };
  }
  if (type === 'DELIMITED') {
    const text = params.get('Delimiter');
    if (text === undefined) invalid('RecordDeAggregation with SubRecordType DELIMITED requires a base64 Delimiter.');
    const parsed = parseDelimiterParameter(text);
    if (!parsed.ok) invalid(parsed.error);
    return { subRecordType: 'DELIMITED', delimiter: parsed.delimiter };
  }
  invalid(`RecordDeAggregation requires SubRecordType JSON or DELIMITED${type ? `, not ${type}` : ''}.`);
}

function compileConversion(c: NonNullable<DeliveryStreamState['destination']['formatConversion']>, ctx: PlanContext): ConversionPlan {
  if (!c.schema.databaseName || !c.schema.tableName) {
    invalid('SchemaConfiguration requires DatabaseName and TableName when data format conversion is enabled.');
  }
  if (c.serializer.kind !== 'parquet') {
    invalid('Only the Parquet serializer is supported (ORC output is not implemented by Lakehose).');
  }
  const p = c.serializer;
  return {
    databaseName: c.schema.databaseName,
    tableName: c.schema.tableName,
    catalogId: c.schema.catalogId ?? ctx.accountId,
    region: c.schema.region ?? ctx.region,
    versionId: c.schema.versionId ?? 'LATEST',
    serde: compileDeserializer(c.deserializer),
    parquet: {
      ...(p.compression ? { compression: p.compression } : {}),
      ...(p.blockSizeBytes !== undefined ? { blockSizeBytes: p.blockSizeBytes } : {}),
      ...(p.pageSizeBytes !== undefined ? { pageSizeBytes: p.pageSizeBytes } : {}),
      ...(p.enableDictionaryCompression !== undefined ? { enableDictionaryCompression: p.enableDictionaryCompression } : {}),
      ...(p.writerVersion ? { writerVersion: p.writerVersion } : {}),
    },
  };
}

function compileDeserializer(d: NonNullable<DeliveryStreamState['destination']['formatConversion']>['deserializer']): JsonSerDeOptions {
  if (d.kind === 'hive') {
    const formats = d.timestampFormats ?? [];
    const problem = timestampFormatsProblem(formats);
    if (problem) invalid(`HiveJsonSerDe ${problem}`);
    return { kind: 'hive', timestampFormats: [...formats] };
  }
  return {
    kind: 'openx',
    ...(d.caseInsensitive !== undefined ? { caseInsensitive: d.caseInsensitive } : {}),
    ...(d.convertDotsInJsonKeysToUnderscores !== undefined ? { convertDotsInJsonKeysToUnderscores: d.convertDotsInJsonKeysToUnderscores } : {}),
    ...(d.columnToJsonKeyMappings ? { columnToJsonKeyMappings: d.columnToJsonKeyMappings } : {}),
  };
}

/** The buffering a destination gets when the request gives none (128 MiB with conversion, as Firehose). */
export function defaultBuffering(conversion: boolean): { sizeMiB: number; intervalSeconds: number } {
  return { sizeMiB: conversion ? CONVERSION_DEFAULT_SIZE_MIB : 5, intervalSeconds: 300 };
}
