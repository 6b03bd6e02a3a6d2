import { availableParallelism } from 'node:os';
import { athenaService } from '../../aws/athena/index.js';
import { QueryEngine } from '../../engines/query/QueryEngine.js';
import { PRIMARY } from '../../engines/query/saved/WorkGroups.js';
import { requireEngine, type AppContext } from './AppContext.js';

/**
 * SQL over the lake: the query engine (DuckDB) on the lake and the catalog, the Athena
 * facade, the work groups the config declares, and background compaction of small files.
 */
export async function wireQuery(ctx: AppContext): Promise<void> {
  const { config, logger } = ctx;
  const lake = requireEngine(ctx, 'lake');
  const catalog = requireEngine(ctx, 'catalog');
  const q = config.query;
  const engine = await QueryEngine.open(
    {
      lake,
      catalog,
      documents: ctx.metadata,
      onError: (message, error) => logger.error(message, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    },
    {
      dataDir: ctx.dataDir,
      threads: q.threads ?? Math.max(1, availableParallelism() - 1),
      memoryLimitMiB: q.memoryLimitMiB,
      maxConcurrent: q.maxConcurrentQueries,
      maxQueued: q.maxQueuedQueries,
      timeoutSeconds: q.timeoutSeconds,
      maxResultMiB: q.maxResultMiB,
      historyLimit: q.historySize,
      restrictFileAccess: q.restrictFileAccess,
      defaultOutputLocation: q.defaultOutputLocation ?? undefined,
    },
  );
  ctx.closeables.push(engine);
  ctx.engines.query = engine;
  for (const wg of q.workGroups) {
    const existing = engine.workGroups.find(wg.name);
    await engine.workGroups.ensure({
      name: wg.name,
      ...(wg.description !== undefined ? { description: wg.description } : {}),
      state: existing?.state ?? 'ENABLED',
      settings: {
        ...(wg.outputLocation !== undefined ? { outputLocation: wg.outputLocation } : {}),
        enforce: wg.enforceConfiguration,
        ...(wg.bytesScannedCutoff !== undefined ? { bytesScannedCutoff: wg.bytesScannedCutoff } : {}),
        publishMetrics: existing?.settings.publishMetrics ?? wg.name !== PRIMARY,
      },
      createdAtMs: existing?.createdAtMs ?? Date.now(),
      tags: existing?.tags ?? {},
    });
  }
  ctx.services.push(athenaService({ query: engine, catalog, statusWaitMs: q.statusWaitMs }));

  const c = q.compaction;
  if (c.enabled) {
    const compactor = engine.compactor({
      intervalMs: c.intervalSeconds * 1000,
      minFiles: c.minFiles,
      smallFileBytes: c.smallFileMiB * 1024 * 1024,
      targetFileBytes: c.targetFileMiB * 1024 * 1024,
      minAgeMs: c.minAgeSeconds * 1000,
      onEvent: (e) => {
        if (e.kind === 'compacted') logger.info('compacted small files', { table: e.table, bucket: e.bucket, folder: e.folder, inputs: e.inputs, object: e.outputKey, inputBytes: e.inputBytes, outputBytes: e.outputBytes });
        else logger.warn('compaction failed', { table: e.table, bucket: e.bucket, folder: e.folder, error: e.error });
      },
    });
    compactor?.start(); // the engine closes it
  }
}
