import { join } from 'node:path';
import { firehoseService } from '../../aws/firehose/index.js';
import { DeliveryErrorLog } from '../DeliveryErrorLog.js';
import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../../aws/wire/EdgeRequest.js';
import { defaultBuffering } from '../../engines/delivery/model/compilePlan.js';
import { DeliveryEngine } from '../../engines/delivery/DeliveryEngine.js';
import { DeliveryError } from '../../engines/delivery/DeliveryError.js';
import {
  DESTINATION_ID,
  type DeliveryStreamDefinition,
  type DeliveryStreamState,
  type ProcessorDefinition,
  type S3DestinationDefinition,
  type S3Target,
} from '../../engines/delivery/model/DeliveryStreamDefinition.js';
import type { ProgressDoc } from '../../engines/delivery/runner/DeliveryProgress.js';
import type { DeliveryStreamConfig } from '../config/deliverySchema.js';
import type { LakehoseConfig } from '../config/schema.js';
import { requireEngine, type AppContext } from './AppContext.js';

/** On a clean stop, buffered records are delivered for up to this long; the rest at the next start. */
const DRAIN_ON_STOP_MS = 10_000;

/**
 * Firehose: the delivery engine (DirectPut logs in the stream log store, runners writing to
 * the lake, transforms on the functions engine, schemas from the catalog), its facade, the
 * delivery streams the config declares, and `GET /_lakehose/status`.
 */
export async function wireDelivery(ctx: AppContext): Promise<void> {
  const { config, logger } = ctx;
  const errorLog = new DeliveryErrorLog({
    region: config.region,
    accountId: config.accountId,
    logs: () => ctx.engines.logs,
    destinationOf: (name) => {
      try {
        return ctx.engines.delivery?.describe(name);
      } catch {
        return undefined; // deleted meanwhile
      }
    },
  });
  const delivery = await DeliveryEngine.open(
    {
      region: config.region,
      accountId: config.accountId,
      scratchDir: join(ctx.dataDir, 'delivery-tmp'),
      metrics: ctx.metrics,
      logger,
      onDeliveryError: (name, event) => errorLog.record(name, event),
    },
    {
      streams: ctx.metadata.collection<DeliveryStreamState>('delivery-streams'),
      progress: ctx.metadata.collection<ProgressDoc>('delivery-progress'),
      logs: requireEngine(ctx, 'streamLogs'),
      lake: requireEngine(ctx, 'lake'),
      ...(ctx.engines.functions ? { functions: ctx.engines.functions } : {}),
      // Looked up per flush: the catalog may be wired after delivery, or not at all.
      tables: () => ctx.engines.catalog,
      ...(ctx.engines.streams ? { kinesis: ctx.engines.streams } : {}),
    },
  );
  ctx.closeables.push({ close: () => delivery.close(DRAIN_ON_STOP_MS) });
  ctx.engines.delivery = delivery;
  ctx.services.push(firehoseService({ delivery }));
  ctx.routes.unshift(statusRoute(delivery));

  for (const [i, s] of config.deliveryStreams.entries()) {
    const definition = definitionFromConfig(s, config);
    try {
      await declare(delivery, definition);
    } catch (e) {
      if (e instanceof DeliveryError) throw new Error(`deliveryStreams[${i}] (${s.name}): ${e.message}`);
      throw e;
    }
    logger.debug('delivery stream from config', { deliveryStream: s.name });
  }
}

/** Creates a declared stream, or brings an existing one to its declaration (a new version when the destination differs). */
async function declare(delivery: DeliveryEngine, definition: DeliveryStreamDefinition): Promise<void> {
  let current: DeliveryStreamState | undefined;
  try {
    current = delivery.describe(definition.name);
  } catch {
    current = undefined;
  }
  if (!current) {
    await delivery.create(definition);
    return;
  }
  if (JSON.stringify(current.source) !== JSON.stringify(definition.source)) {
    throw new DeliveryError('InvalidArgument', 'the source of an existing delivery stream cannot change; delete the stream (DeleteDeliveryStream) to re-create it');
  }
  if (canonical(current.destination) !== canonical(definition.destination)) {
    await delivery.updateDestination(definition.name, String(current.version), DESTINATION_ID, () => definition.destination);
  }
  const tags = definition.tags ?? {};
  if (canonical(current.tags) !== canonical(tags)) {
    await delivery.untag(definition.name, Object.keys(current.tags));
    await delivery.tag(definition.name, tags);
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function roleOf(config: LakehoseConfig, roleArn: string | undefined): string {
  return roleArn ?? `arn:aws:iam::${config.accountId}:role/lakehose-firehose`;
}

function target(t: NonNullable<DeliveryStreamConfig['destination']['backup']>, config: LakehoseConfig, conversion: boolean): S3Target {
  const d = defaultBuffering(conversion);
  return {
    bucket: t.bucket,
    roleArn: roleOf(config, t.roleArn),
    ...(t.prefix !== undefined ? { prefix: t.prefix } : {}),
    ...(t.errorOutputPrefix !== undefined ? { errorOutputPrefix: t.errorOutputPrefix } : {}),
    buffering: { sizeMiB: t.buffering?.sizeMiB ?? d.sizeMiB, intervalSeconds: t.buffering?.intervalSeconds ?? d.intervalSeconds },
    compression: t.compression,
    ...(t.errorLogging
      ? { cloudWatchLogging: { enabled: true, logGroupName: t.errorLogging.logGroupName, logStreamName: t.errorLogging.logStreamName } }
      : {}),
  };
}

function processorOf(p: DeliveryStreamConfig['destination']['processors'][number], config: LakehoseConfig): ProcessorDefinition {
  const param = (name: string, value: string | number | undefined) => (value === undefined ? [] : [{ name, value: String(value) }]);
  if ('lambda' in p) {
    return {
      type: 'Lambda',
      parameters: [
        { name: 'LambdaArn', value: `arn:aws:lambda:${config.region}:${config.accountId}:function:${p.lambda.function}` },
        ...param('BufferSizeInMBs', p.lambda.bufferSizeMB),
        ...param('BufferIntervalInSeconds', p.lambda.bufferIntervalSeconds),
        ...param('NumberOfRetries', p.lambda.retries),
      ],
    };
  }
  if ('metadataExtraction' in p) {
    return {
      type: 'MetadataExtraction',
      parameters: [
        { name: 'MetadataExtractionQuery', value: p.metadataExtraction.query },
        { name: 'JsonParsingEngine', value: p.metadataExtraction.engine },
      ],
    };
  }
  if ('recordDeAggregation' in p) {
    return {
      type: 'RecordDeAggregation',
      parameters: [{ name: 'SubRecordType', value: p.recordDeAggregation.subRecordType }, ...param('Delimiter', p.recordDeAggregation.delimiter)],
    };
  }
  if ('decompression' in p) return { type: 'Decompression', parameters: [{ name: 'CompressionFormat', value: p.decompression.format }] };
  if ('cloudWatchLogProcessing' in p) {
    return { type: 'CloudWatchLogProcessing', parameters: [{ name: 'DataMessageExtraction', value: String(p.cloudWatchLogProcessing.dataMessageExtraction) }] };
  }
  return { type: 'AppendDelimiterToRecord', parameters: [] };
}

/** A declared delivery stream as the engine's definition (the same shape the Firehose facade builds). */
export function definitionFromConfig(s: DeliveryStreamConfig, config: LakehoseConfig): DeliveryStreamDefinition {
  const d = s.destination;
  const fc = d.formatConversion;
  const conversion = fc?.enabled === true;
  const destination: S3DestinationDefinition = {
    ...target(d, config, conversion),
    processing: { enabled: d.processors.length > 0, processors: d.processors.map((p) => processorOf(p, config)) },
    ...(d.dynamicPartitioning
      ? {
          dynamicPartitioning: {
            enabled: d.dynamicPartitioning.enabled,
            ...(d.dynamicPartitioning.retryDurationSeconds !== undefined ? { retryDurationSeconds: d.dynamicPartitioning.retryDurationSeconds } : {}),
          },
        }
      : {}),
    ...(fc
      ? {
          formatConversion: {
            enabled: fc.enabled,
            schema: { databaseName: fc.database, tableName: fc.table, ...(fc.versionId !== undefined ? { versionId: fc.versionId } : {}) },
            deserializer: fc.hiveJson ? { kind: 'hive', ...fc.hiveJson } : { kind: 'openx', ...fc.openXJson },
            serializer: { kind: 'parquet', ...fc.parquet },
          },
        }
      : {}),
    backupMode: d.backup ? 'Enabled' : 'Disabled',
    ...(d.backup ? { backup: target(d.backup, config, false) } : {}),
    ...(d.fileExtension !== undefined ? { fileExtension: d.fileExtension } : {}),
    ...(d.customTimeZone !== undefined ? { customTimeZone: d.customTimeZone } : {}),
    declaredAs: 'ExtendedS3',
  };
  const source: DeliveryStreamDefinition['source'] = s.source
    ? {
        kind: 'kinesis',
        streamName: s.source.kinesisStream,
        streamArn: `arn:aws:kinesis:${config.region}:${config.accountId}:stream/${s.source.kinesisStream}`,
        roleArn: roleOf(config, undefined),
      }
    : { kind: 'direct' };
  return {
    name: s.name,
    source,
    destination,
    tags: s.tags,
    ...(s.backlogLimitRecords !== undefined ? { backlogLimitRecords: s.backlogLimitRecords } : {}),
  };
}

/**
 * `GET /_lakehose/status`: what `lakehose status` prints — per delivery stream its state,
 * backlog, buffers, freshness and the AWS/Firehose figures since start.
 */
function statusRoute(delivery: DeliveryEngine): EdgeRoute {
  return {
    name: 'status',
    handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
      if (req.rawPath !== '/_lakehose/status' || req.method !== 'GET') return undefined;
      return Promise.resolve({
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify({ timestamp: new Date().toISOString(), deliveryStreams: delivery.status() }),
      });
    },
  };
}
