import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SqliteDocumentStore } from '../adapters/embedded/metadata/SqliteDocumentStore.js';
import { SegmentedLogStore } from '../adapters/embedded/streamlog/SegmentedLogStore.js';
import { kinesisService } from '../aws/kinesis/index.js';
import type { Authenticator } from '../aws/wire/Authenticator.js';
import { EdgeServer } from '../aws/wire/EdgeServer.js';
import { JsonRpcProtocol } from '../aws/wire/JsonRpcProtocol.js';
import type { Logger } from '../aws/wire/Logger.js';
import type { DocumentStore } from '../engines/kernel/DocumentStore.js';
import type { StreamLogStore } from '../engines/streams/ports.js';
import type { StreamState } from '../engines/streams/Stream.js';
import { StreamsEngine } from '../engines/streams/StreamsEngine.js';
import type { LakehoseConfig } from './config/schema.js';
import { DataDirLock } from './DataDirLock.js';
import { healthRoute } from './healthRoute.js';
import { OpenAuthenticator } from './OpenAuthenticator.js';
import { SigV4Authenticator } from './SigV4Authenticator.js';

export interface StartOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Overrides the config's server.port / server.host. */
  readonly port?: number | undefined;
  readonly host?: string | undefined;
}

/**
 * The whole system on one machine: config → adapters → engines → facades → edge server.
 * This is the only module that knows every piece.
 */
export class Lakehose {
  private stopping: Promise<void> | undefined;

  private constructor(
    readonly config: LakehoseConfig,
    readonly dataDir: string,
    readonly server: EdgeServer,
    readonly streams: StreamsEngine,
    private readonly closeables: ReadonlyArray<{ close(): Promise<void> }>,
    private readonly lock: DataDirLock,
    private readonly logger: Logger,
  ) {}

  static async start(config: LakehoseConfig, options: StartOptions): Promise<Lakehose> {
    const { logger } = options;
    const dataDir = resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true });
    const lock = await DataDirLock.acquire(dataDir);
    const opened: Array<{ close(): Promise<void> }> = [];
    try {
      const metadata: DocumentStore = await SqliteDocumentStore.open(join(dataDir, 'metadata.sqlite'));
      opened.push(metadata);
      const logs: StreamLogStore = await SegmentedLogStore.open(join(dataDir, 'streams'));
      opened.push(logs);
      const streams = await StreamsEngine.open(
        {
          accountId: config.accountId,
          shardLimit: config.kinesis.shardLimit,
          onDemandStreamLimit: config.kinesis.onDemandStreamLimit,
          transitionDelayMs: config.kinesis.stateTransitionMs,
          throughputLimitsByDefault: config.kinesis.throughputLimits,
          retentionSweepMs: config.kinesis.retentionCheckSeconds * 1000,
        },
        metadata.collection<StreamState>('streams'),
        metadata.collection<{ value: string }>('settings'),
        logs,
      );
      opened.unshift(streams);
      await ensureDeclaredStreams(config, streams, logger);

      const authenticator: Authenticator =
        config.auth.credentials.length > 0 ? new SigV4Authenticator(config.auth.credentials) : new OpenAuthenticator();
      const services = [kinesisService({ streams })];
      const jsonRpc = new JsonRpcProtocol({
        services,
        region: config.region,
        accountId: config.accountId,
        maxBodyBytes: config.server.maxRequestBodyMiB * 1024 * 1024,
        authenticator,
        logger,
      });
      const server = await EdgeServer.start({
        host: options.host ?? config.server.host,
        port: options.port ?? config.server.port,
        routes: [healthRoute(['kinesis'], Date.now()), jsonRpc],
        logger,
      });
      logger.info('Lakehose is up', { url: server.url, dataDir, streams: streams.listStreams().length });
      return new Lakehose(config, dataDir, server, streams, opened, lock, logger);
    } catch (e) {
      for (const c of opened) await c.close().catch(() => {});
      await lock.release();
      throw e;
    }
  }

  get url(): string {
    return this.server.url;
  }

  /** Graceful: stop accepting, finish in-flight requests, close engines then stores. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info('Lakehose is stopping');
      await this.server.close();
      for (const c of this.closeables) await c.close().catch((e: unknown) => this.logger.error('close failed', { error: String(e) }));
      await this.lock.release();
      this.logger.info('Lakehose stopped');
    })();
    return this.stopping;
  }
}

/** Streams named in the config exist at start (created when missing, never changed behind the user's back). */
async function ensureDeclaredStreams(config: LakehoseConfig, streams: StreamsEngine, logger: Logger): Promise<void> {
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
