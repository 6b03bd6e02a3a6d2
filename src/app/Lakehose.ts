import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SqliteDocumentStore } from '../adapters/embedded/metadata/SqliteDocumentStore.js';
import { SqliteMetricStore } from '../adapters/embedded/metadata/SqliteMetricStore.js';
import type { FileOps } from '../adapters/embedded/streamlog/FileOps.js';
import type { Authenticator } from '../aws/wire/Authenticator.js';
import { EdgeServer } from '../aws/wire/EdgeServer.js';
import { JsonRpcProtocol } from '../aws/wire/JsonRpcProtocol.js';
import { QueryProtocol } from '../aws/wire/QueryProtocol.js';
import type { Logger } from '../aws/wire/Logger.js';
import { MetricsEngine } from '../engines/metrics/MetricsEngine.js';
import type { LakehoseConfig } from './config/schema.js';
import { DataDirLock } from './DataDirLock.js';
import { healthRoute } from './healthRoute.js';
import { OpenAuthenticator } from './OpenAuthenticator.js';
import { SigV4Authenticator } from './SigV4Authenticator.js';
import { startingRoute } from './startingRoute.js';
import type { AppContext, Closeable, Engines } from './wiring/AppContext.js';
import { wireCatalog } from './wiring/catalog.js';
import { wireDelivery } from './wiring/delivery.js';
import { wireConsole } from './wiring/console.js';
import { wireFunctions } from './wiring/functions.js';
import { wireLake } from './wiring/lake.js';
import { wireQuery } from './wiring/query.js';
import { wireMonitoring } from './wiring/monitoring.js';
import { wireS3 } from './wiring/s3.js';
import { wireStreams } from './wiring/streams.js';
import { wireTopics } from './wiring/topics.js';

export interface StartOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Overrides the config's server.port / server.host. */
  readonly port?: number | undefined;
  readonly host?: string | undefined;
  /** Relative paths in the config (function code) are resolved against this; default: the working directory. */
  readonly configDir?: string | undefined;
  /** Test seam: the file operations under the stream log (to simulate a full disk). */
  readonly streamLogFileOps?: FileOps | undefined;
}

/**
 * The whole system on one machine: config → adapters → engines → facades → edge server.
 * This module and src/app/wiring/ are the only places that know every piece.
 */
export class Lakehose {
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly config: LakehoseConfig,
    readonly dataDir: string,
    readonly server: EdgeServer,
    readonly engines: Engines,
    readonly metrics: MetricsEngine,
    private readonly closeables: readonly Closeable[],
    private readonly lock: DataDirLock,
    private readonly logger: Logger,
  ) {}

  static async start(config: LakehoseConfig, options: StartOptions): Promise<Lakehose> {
    const { logger } = options;
    const dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const lock = await DataDirLock.acquire(dataDir);
    const closeables: Closeable[] = [];
    let server: EdgeServer | undefined;
    try {
      const metadata = await SqliteDocumentStore.open(join(dataDir, 'metadata.sqlite'));
      closeables.push(metadata);
      const metrics = new MetricsEngine(new SqliteMetricStore(metadata.database), {
        retentionHours: config.metrics.retentionHours,
        flushIntervalMs: config.metrics.flushSeconds * 1000,
        enabled: config.metrics.enabled,
      });
      closeables.push(metrics);
      const startedAt = Date.now();
      server = await EdgeServer.start({
        host: options.host ?? config.server.host,
        port: options.port ?? config.server.port,
        routes: [healthRoute([], startedAt), startingRoute],
        logger,
      });
      const authenticator: Authenticator =
        config.auth.credentials.length > 0 ? new SigV4Authenticator(config.auth.credentials) : new OpenAuthenticator();
      const ctx: AppContext = {
        config,
        dataDir,
        logger,
        edgeUrl: server.url,
        metadata,
        authenticator,
        metrics,
        engines: {},
        services: [],
        queryServices: [],
        routes: [],
        closeables,
      };
      await wireStreams(ctx, options.streamLogFileOps);
      await wireLake(ctx);
      await wireS3(ctx);
      await wireCatalog(ctx);
      await wireQuery(ctx);
      await wireFunctions(ctx, options.configDir ?? process.cwd());
      await wireTopics(ctx);
      await wireMonitoring(ctx);
      await wireDelivery(ctx);
      await wireConsole(ctx); // last: the console sits on every engine

      const jsonRpc = new JsonRpcProtocol({
        services: ctx.services,
        region: config.region,
        accountId: config.accountId,
        maxBodyBytes: config.server.maxRequestBodyMiB * 1024 * 1024,
        authenticator,
        logger,
      });
      const query = new QueryProtocol({
        services: ctx.queryServices,
        region: config.region,
        accountId: config.accountId,
        maxBodyBytes: config.server.maxRequestBodyMiB * 1024 * 1024,
        authenticator,
        logger,
      });
      const serviceNames = [...new Set([...ctx.services, ...ctx.queryServices].map((s) => s.model.metadata.endpointPrefix ?? s.model.metadata.serviceId ?? '?'))];
      server.setRoutes([healthRoute(serviceNames, startedAt), jsonRpc, query, ...ctx.routes]);
      metrics.start();
      logger.info('Lakehose is up', { url: server.url, dataDir, services: serviceNames.join(',') });
      return new Lakehose(config, dataDir, server, ctx.engines, metrics, closeables, lock, logger);
    } catch (e) {
      await server?.close(0).catch(() => {});
      for (const c of [...closeables].reverse()) await c.close().catch(() => {});
      await lock.release();
      throw e;
    }
  }

  get url(): string {
    return this.server.url;
  }

  /** Graceful: stop accepting, finish in-flight requests, close engines then stores (reverse order of opening). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info('Lakehose is stopping');
      await this.server.close();
      for (const c of [...this.closeables].reverse()) {
        await c.close().catch((e: unknown) => this.logger.error('close failed', { error: String(e) }));
      }
      await this.lock.release();
      this.logger.info('Lakehose stopped');
    })();
    return this.stopping;
  }
}
