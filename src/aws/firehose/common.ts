import type {
  BufferingHints,
  CloudWatchLoggingOptions,
  DataFormatConversionConfiguration,
  EncryptionConfiguration,
  ExtendedS3DestinationConfiguration,
  ExtendedS3DestinationDescription,
  ExtendedS3DestinationUpdate,
  ProcessingConfiguration,
  S3DestinationConfiguration,
  S3DestinationDescription,
  S3DestinationUpdate,
} from '@aws-sdk/client-firehose';
import type { DeliveryEngine } from '../../engines/delivery/DeliveryEngine.js';
import { defaultBuffering } from '../../engines/delivery/model/compilePlan.js';
import {
  PROCESSOR_TYPES,
  type FormatConversionDefinition,
  type PassThroughSettings,
  type ProcessorDefinition,
  type ProcessorType,
  type S3DestinationDefinition,
  type S3Target,
} from '../../engines/delivery/model/DeliveryStreamDefinition.js';
import { AwsError } from '../wire/AwsError.js';
import type { RequestContext } from '../wire/Service.js';

/** What every Firehose operation is built from. */
export interface FirehoseDeps {
  readonly delivery: DeliveryEngine;
}

export function deliveryStreamArn(ctx: RequestContext, name: string): string {
  return `arn:aws:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${name}`;
}

const BUCKET_ARN = /^arn:[a-z-]+:s3:::([\w.-]{1,255})$/;

function invalid(message: string): AwsError {
  return new AwsError('InvalidArgumentException', message);
}

export function bucketOf(arn: string): string {
  const m = BUCKET_ARN.exec(arn);
  if (!m) throw invalid(`BucketARN ${arn} is not a valid S3 bucket ARN.`);
  return m[1]!;
}

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

// ---- AWS shapes → domain ----------------------------------------------------------------------

function passThrough(e: EncryptionConfiguration | undefined, logging: CloudWatchLoggingOptions | undefined): PassThroughSettings {
  const out: { -readonly [K in keyof PassThroughSettings]: PassThroughSettings[K] } = {};
  if (e?.KMSEncryptionConfig?.AWSKMSKeyARN) out.encryption = { kmsKeyArn: e.KMSEncryptionConfig.AWSKMSKeyARN };
  else if (e?.NoEncryptionConfig) out.encryption = { noEncryption: true };
  if (logging) {
    out.cloudWatchLogging = {
      ...(logging.Enabled !== undefined ? { enabled: logging.Enabled } : {}),
      ...(logging.LogGroupName !== undefined ? { logGroupName: logging.LogGroupName } : {}),
      ...(logging.LogStreamName !== undefined ? { logStreamName: logging.LogStreamName } : {}),
    };
  }
  return out;
}

function buffering(hints: BufferingHints | undefined, conversion: boolean): S3Target['buffering'] {
  const d = defaultBuffering(conversion);
  return { sizeMiB: hints?.SizeInMBs ?? d.sizeMiB, intervalSeconds: hints?.IntervalInSeconds ?? d.intervalSeconds };
}

function s3Target(c: S3DestinationConfiguration, conversion = false): S3Target {
  return {
    bucket: bucketOf(c.BucketARN!),
    roleArn: c.RoleARN!,
    ...(c.Prefix !== undefined ? { prefix: c.Prefix } : {}),
    ...(c.ErrorOutputPrefix !== undefined ? { errorOutputPrefix: c.ErrorOutputPrefix } : {}),
    buffering: buffering(c.BufferingHints, conversion),
    compression: c.CompressionFormat ?? 'UNCOMPRESSED',
    ...passThrough(c.EncryptionConfiguration, c.CloudWatchLoggingOptions),
  };
}

function processing(p: ProcessingConfiguration | undefined): S3DestinationDefinition['processing'] {
  if (!p) return { enabled: false, processors: [] };
  const processors: ProcessorDefinition[] = (p.Processors ?? []).map((proc) => {
    if (!(PROCESSOR_TYPES as readonly string[]).includes(proc.Type!)) throw invalid(`Processor type ${proc.Type} is not supported.`);
    return {
      type: proc.Type as ProcessorType,
      parameters: (proc.Parameters ?? []).map((x) => ({ name: x.ParameterName!, value: x.ParameterValue! })),
    };
  });
  // Firehose treats a configuration with processors and no Enabled flag as enabled.
  return { enabled: p.Enabled ?? processors.length > 0, processors };
}

function conversion(c: DataFormatConversionConfiguration | undefined): FormatConversionDefinition | undefined {
  if (!c) return undefined;
  const enabled = c.Enabled ?? true;
  const de = c.InputFormatConfiguration?.Deserializer;
  const se = c.OutputFormatConfiguration?.Serializer;
  if (enabled) {
    if (!de || (de.OpenXJsonSerDe === undefined) === (de.HiveJsonSerDe === undefined)) {
      throw invalid('InputFormatConfiguration.Deserializer must set exactly one of OpenXJsonSerDe and HiveJsonSerDe.');
    }
    if (!se || (se.ParquetSerDe === undefined) === (se.OrcSerDe === undefined)) {
      throw invalid('OutputFormatConfiguration.Serializer must set exactly one of ParquetSerDe and OrcSerDe.');
    }
    if (!c.SchemaConfiguration) throw invalid('SchemaConfiguration is required when data format conversion is enabled.');
  }
  const s = c.SchemaConfiguration ?? {};
  const openx = de?.OpenXJsonSerDe;
  const parquet = se?.ParquetSerDe;
  return {
    enabled,
    schema: {
      databaseName: s.DatabaseName ?? '',
      tableName: s.TableName ?? '',
      ...(s.CatalogId !== undefined ? { catalogId: s.CatalogId } : {}),
      ...(s.Region !== undefined ? { region: s.Region } : {}),
      ...(s.VersionId !== undefined ? { versionId: s.VersionId } : {}),
      ...(s.RoleARN !== undefined ? { roleArn: s.RoleARN } : {}),
    },
    deserializer: de?.HiveJsonSerDe
      ? { kind: 'hive', ...(de.HiveJsonSerDe.TimestampFormats ? { timestampFormats: de.HiveJsonSerDe.TimestampFormats } : {}) }
      : {
          kind: 'openx',
          ...(openx?.CaseInsensitive !== undefined ? { caseInsensitive: openx.CaseInsensitive } : {}),
          ...(openx?.ConvertDotsInJsonKeysToUnderscores !== undefined ? { convertDotsInJsonKeysToUnderscores: openx.ConvertDotsInJsonKeysToUnderscores } : {}),
          ...(openx?.ColumnToJsonKeyMappings ? { columnToJsonKeyMappings: openx.ColumnToJsonKeyMappings } : {}),
        },
    serializer: se?.OrcSerDe
      ? { kind: 'orc', settings: { ...se.OrcSerDe } }
      : {
          kind: 'parquet',
          ...(parquet?.Compression ? { compression: parquet.Compression as 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED' } : {}),
          ...(parquet?.BlockSizeBytes !== undefined ? { blockSizeBytes: parquet.BlockSizeBytes } : {}),
          ...(parquet?.PageSizeBytes !== undefined ? { pageSizeBytes: parquet.PageSizeBytes } : {}),
          ...(parquet?.EnableDictionaryCompression !== undefined ? { enableDictionaryCompression: parquet.EnableDictionaryCompression } : {}),
          ...(parquet?.MaxPaddingBytes !== undefined ? { maxPaddingBytes: parquet.MaxPaddingBytes } : {}),
          ...(parquet?.WriterVersion ? { writerVersion: parquet.WriterVersion } : {}),
        },
  };
}

export function extendedDestination(c: ExtendedS3DestinationConfiguration): S3DestinationDefinition {
  const formatConversion = conversion(c.DataFormatConversionConfiguration);
  const backupMode = c.S3BackupMode ?? 'Disabled';
  return {
    ...s3Target(c, formatConversion?.enabled === true),
    processing: processing(c.ProcessingConfiguration),
    ...(c.DynamicPartitioningConfiguration
      ? {
          dynamicPartitioning: {
            enabled: c.DynamicPartitioningConfiguration.Enabled ?? false,
            ...(c.DynamicPartitioningConfiguration.RetryOptions?.DurationInSeconds !== undefined
              ? { retryDurationSeconds: c.DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds }
              : {}),
          },
        }
      : {}),
    ...(formatConversion ? { formatConversion } : {}),
    backupMode,
    ...(c.S3BackupConfiguration ? { backup: s3Target(c.S3BackupConfiguration) } : {}),
    ...(c.FileExtension !== undefined ? { fileExtension: c.FileExtension } : {}),
    ...(c.CustomTimeZone !== undefined ? { customTimeZone: c.CustomTimeZone } : {}),
    declaredAs: 'ExtendedS3',
  };
}

export function plainDestination(c: S3DestinationConfiguration): S3DestinationDefinition {
  return { ...s3Target(c), processing: { enabled: false, processors: [] }, backupMode: 'Disabled', declaredAs: 'S3' };
}

/** Applies an S3DestinationUpdate: given fields replace, absent ones stay. */
function updateTarget<T extends S3Target>(current: T, u: S3DestinationUpdate): T {
  return {
    ...current,
    ...(u.BucketARN !== undefined ? { bucket: bucketOf(u.BucketARN) } : {}),
    ...(u.RoleARN !== undefined ? { roleArn: u.RoleARN } : {}),
    ...(u.Prefix !== undefined ? { prefix: u.Prefix } : {}),
    ...(u.ErrorOutputPrefix !== undefined ? { errorOutputPrefix: u.ErrorOutputPrefix } : {}),
    ...(u.BufferingHints
      ? {
          buffering: {
            sizeMiB: u.BufferingHints.SizeInMBs ?? current.buffering.sizeMiB,
            intervalSeconds: u.BufferingHints.IntervalInSeconds ?? current.buffering.intervalSeconds,
          },
        }
      : {}),
    ...(u.CompressionFormat !== undefined ? { compression: u.CompressionFormat } : {}),
    ...passThroughUpdate(current, u),
  };
}

function passThroughUpdate(current: PassThroughSettings, u: S3DestinationUpdate): PassThroughSettings {
  const next = passThrough(u.EncryptionConfiguration, u.CloudWatchLoggingOptions);
  return {
    ...(next.encryption ?? current.encryption ? { encryption: next.encryption ?? current.encryption! } : {}),
    ...(next.cloudWatchLogging ?? current.cloudWatchLogging ? { cloudWatchLogging: next.cloudWatchLogging ?? current.cloudWatchLogging! } : {}),
  };
}

export function applyS3Update(current: S3DestinationDefinition, u: S3DestinationUpdate): S3DestinationDefinition {
  return updateTarget(current, u);
}

/** A backup update applies to the current backup destination, or describes a new one (then BucketARN is needed). */
function updateBackup(current: S3DestinationDefinition, u: S3DestinationUpdate): S3Target {
  if (current.backup) return updateTarget(current.backup, u);
  if (u.BucketARN === undefined) throw invalid('S3BackupUpdate needs a BucketARN when the Firehose stream has no backup destination yet.');
  return s3Target({ ...u, BucketARN: u.BucketARN, RoleARN: u.RoleARN ?? current.roleArn });
}

export function applyExtendedUpdate(current: S3DestinationDefinition, u: ExtendedS3DestinationUpdate): S3DestinationDefinition {
  const next: S3DestinationDefinition = {
    ...updateTarget(current, u),
    ...(u.ProcessingConfiguration ? { processing: processing(u.ProcessingConfiguration) } : {}),
    ...(u.S3BackupMode !== undefined ? { backupMode: u.S3BackupMode } : {}),
    ...(u.S3BackupUpdate ? { backup: updateBackup(current, u.S3BackupUpdate) } : {}),
    ...(u.FileExtension !== undefined ? { fileExtension: u.FileExtension } : {}),
    ...(u.CustomTimeZone !== undefined ? { customTimeZone: u.CustomTimeZone } : {}),
    declaredAs: 'ExtendedS3',
  };
  const fc = conversion(u.DataFormatConversionConfiguration);
  const withConversion = fc ? { ...next, formatConversion: fc } : next;
  if (!u.DynamicPartitioningConfiguration) return withConversion;
  return {
    ...withConversion,
    dynamicPartitioning: {
      enabled: u.DynamicPartitioningConfiguration.Enabled ?? current.dynamicPartitioning?.enabled ?? false,
      ...(u.DynamicPartitioningConfiguration.RetryOptions?.DurationInSeconds !== undefined
        ? { retryDurationSeconds: u.DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds }
        : current.dynamicPartitioning?.retryDurationSeconds !== undefined
          ? { retryDurationSeconds: current.dynamicPartitioning.retryDurationSeconds }
          : {}),
    },
  };
}

// ---- domain → AWS descriptions ------------------------------------------------------------

function encryptionOf(t: PassThroughSettings): EncryptionConfiguration {
  return t.encryption?.kmsKeyArn ? { KMSEncryptionConfig: { AWSKMSKeyARN: t.encryption.kmsKeyArn } } : { NoEncryptionConfig: 'NoEncryption' };
}

function loggingOf(t: PassThroughSettings): CloudWatchLoggingOptions {
  const l = t.cloudWatchLogging;
  return {
    Enabled: l?.enabled ?? false,
    ...(l?.logGroupName !== undefined ? { LogGroupName: l.logGroupName } : {}),
    ...(l?.logStreamName !== undefined ? { LogStreamName: l.logStreamName } : {}),
  };
}

export function describeS3(t: S3Target): S3DestinationDescription {
  return {
    RoleARN: t.roleArn,
    BucketARN: bucketArn(t.bucket),
    ...(t.prefix !== undefined ? { Prefix: t.prefix } : {}),
    ...(t.errorOutputPrefix !== undefined ? { ErrorOutputPrefix: t.errorOutputPrefix } : {}),
    BufferingHints: { SizeInMBs: t.buffering.sizeMiB, IntervalInSeconds: t.buffering.intervalSeconds },
    CompressionFormat: t.compression,
    EncryptionConfiguration: encryptionOf(t),
    CloudWatchLoggingOptions: loggingOf(t),
  };
}

export function describeExtended(d: S3DestinationDefinition): ExtendedS3DestinationDescription {
  const fc = d.formatConversion;
  return {
    ...describeS3(d),
    ProcessingConfiguration: {
      Enabled: d.processing.enabled,
      Processors: d.processing.processors.map((p) => ({
        Type: p.type,
        Parameters: p.parameters.map((x) => ({ ParameterName: x.name as never, ParameterValue: x.value })),
      })),
    },
    S3BackupMode: d.backupMode,
    ...(d.backup ? { S3BackupDescription: describeS3(d.backup) } : {}),
    ...(fc
      ? {
          DataFormatConversionConfiguration: {
            Enabled: fc.enabled,
            SchemaConfiguration: {
              DatabaseName: fc.schema.databaseName,
              TableName: fc.schema.tableName,
              ...(fc.schema.catalogId !== undefined ? { CatalogId: fc.schema.catalogId } : {}),
              ...(fc.schema.region !== undefined ? { Region: fc.schema.region } : {}),
              VersionId: fc.schema.versionId ?? 'LATEST',
              ...(fc.schema.roleArn !== undefined ? { RoleARN: fc.schema.roleArn } : {}),
            },
            InputFormatConfiguration: {
              Deserializer:
                fc.deserializer.kind === 'openx'
                  ? {
                      OpenXJsonSerDe: {
                        CaseInsensitive: fc.deserializer.caseInsensitive ?? true,
                        ConvertDotsInJsonKeysToUnderscores: fc.deserializer.convertDotsInJsonKeysToUnderscores ?? false,
                        ...(fc.deserializer.columnToJsonKeyMappings ? { ColumnToJsonKeyMappings: { ...fc.deserializer.columnToJsonKeyMappings } } : {}),
                      },
                    }
                  : { HiveJsonSerDe: { ...(fc.deserializer.timestampFormats ? { TimestampFormats: [...fc.deserializer.timestampFormats] } : {}) } },
            },
            OutputFormatConfiguration: {
              Serializer:
                fc.serializer.kind === 'parquet'
                  ? {
                      ParquetSerDe: {
                        Compression: (fc.serializer.compression ?? 'SNAPPY') as 'SNAPPY',
                        ...(fc.serializer.blockSizeBytes !== undefined ? { BlockSizeBytes: fc.serializer.blockSizeBytes } : {}),
                        ...(fc.serializer.pageSizeBytes !== undefined ? { PageSizeBytes: fc.serializer.pageSizeBytes } : {}),
                        ...(fc.serializer.enableDictionaryCompression !== undefined ? { EnableDictionaryCompression: fc.serializer.enableDictionaryCompression } : {}),
                        ...(fc.serializer.maxPaddingBytes !== undefined ? { MaxPaddingBytes: fc.serializer.maxPaddingBytes } : {}),
                        WriterVersion: fc.serializer.writerVersion ?? 'V1',
                      },
                    }
                  : { OrcSerDe: fc.serializer.settings },
            },
          },
        }
      : {}),
    ...(d.dynamicPartitioning
      ? {
          DynamicPartitioningConfiguration: {
            Enabled: d.dynamicPartitioning.enabled,
            RetryOptions: { DurationInSeconds: d.dynamicPartitioning.retryDurationSeconds ?? 300 },
          },
        }
      : {}),
    ...(d.fileExtension !== undefined ? { FileExtension: d.fileExtension } : {}),
    ...(d.customTimeZone !== undefined ? { CustomTimeZone: d.customTimeZone } : {}),
  };
}
