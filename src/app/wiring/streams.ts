import { join } from 'node:path';
import type { FileOps } from '../../adapters/embedded/streamlog/FileOps.js';
import { SegmentedLogStore } from '../../adapters/embedded/streamlog/SegmentedLogStore.js';
import { kinesisService } from '../../aws/kinesis/index.js';
import type { ConsumerState } from '../../engines/streams/Consumer.js';
import type { StreamState } from '../../engines/streams/Stream.js';
import { StreamConsumers } from '../../engines/streams/StreamConsumers.js';
import { StreamsEngine } from '../../engines/streams/StreamsEngine.js';
import type { AppContext } from './AppContext.js';

/** Kinesis Data Streams: the segmented log, the engine, the facade, and the streams the config declares. */
export async function wireStreams(ctx: AppContext, fileOps?: FileOps): Promise<void> {
  const { config, logger } = ctx;
  const logs = await SegmentedLogStore.open(join(ctx.dataDir, 'streams'), fileOps ? { fileOps } : {});
  ctx.closeables.push(logs);
  ctx.engines.streamLogs = logs;
  const streams = await StreamsEngine.open(
    {
      accountId: config.accountId,
      shardLimit: config.kinesis.shardLimit,
      onDemandStreamLimit: config.kinesis.onDemandStreamLimit,
      transitionDelayMs: config.kinesis.stateTransitionMs,
      throughputLimitsByDefault: config.kinesis.throughputLimits,
      retentionSweepMs: config.kinesis.retentionCheckSeconds * 1000,
      metrics: ctx.metrics,
    },
    ctx.metadata.collection<StreamState>('streams'),
    ctx.metadata.collection<{ value: string }>('settings'),
    logs,
  );
  ctx.closeables.push(streams);
  ctx.engines.streams = streams;
  const consumers = await StreamConsumers.open(
    { accountId: config.accountId, transitionDelayMs: config.kinesis.stateTransitionMs },
    streams,
    ctx.metadata.collection<ConsumerState>('stream-consumers'),
  );
  ctx.closeables.push(consumers); // closed before the engine: subscriptions end first
  ctx.services.push(kinesisService({ streams, consumers }));

  const existing = new Set(streams.listStreams());
  for (const s of config.streams) {
    if (existing.has(s.name)) continue;
    await streams.createStream({
      name: s.name,
      mode: s.mode,
      shardCount: s.shardCount ?? (s.mode === 'PROVISIONED' ? 1 : undefined),
      retentionHours: s.retentionHours,
      tags: s.tags,
      throughputLimits: s.throughputLimits,
    });
    logger.info('created stream from config', { stream: s.name });
  }
}
