import type { SqliteDocumentStore } from '../../adapters/embedded/metadata/SqliteDocumentStore.js';
import type { Authenticator } from '../../aws/wire/Authenticator.js';
import type { EdgeRoute } from '../../aws/wire/EdgeRequest.js';
import type { Logger } from '../../aws/wire/Logger.js';
import type { ServiceDefinition } from '../../aws/wire/Service.js';
import type { AlarmsEngine } from '../../engines/alarms/AlarmsEngine.js';
import type { CatalogEngine } from '../../engines/catalog/CatalogEngine.js';
import type { DeliveryEngine } from '../../engines/delivery/DeliveryEngine.js';
import type { QueryEngine } from '../../engines/query/QueryEngine.js';
import type { FunctionsEngine } from '../../engines/functions/FunctionsEngine.js';
import type { Lake } from '../../engines/lake/Lake.js';
import type { Dashboards } from '../../engines/metrics/Dashboards.js';
import type { LogsEngine } from '../../engines/logs/LogsEngine.js';
import type { MetricsEngine } from '../../engines/metrics/MetricsEngine.js';
import type { StreamLogStore } from '../../engines/streams/ports.js';
import type { StreamsEngine } from '../../engines/streams/StreamsEngine.js';
import type { TopicsEngine } from '../../engines/topics/TopicsEngine.js';
import type { LakehoseConfig } from '../config/schema.js';

export interface Closeable {
  close(): Promise<void>;
}

/** The engines a running Lakehose has; each capability's wiring module adds its own. */
export interface Engines {
  streams?: StreamsEngine;
  streamLogs?: StreamLogStore;
  lake?: Lake;
  functions?: FunctionsEngine;
  topics?: TopicsEngine;
  catalog?: CatalogEngine;
  delivery?: DeliveryEngine;
  query?: QueryEngine;
  alarms?: AlarmsEngine;
  logs?: LogsEngine;
  dashboards?: Dashboards;
}

/**
 * What the wiring modules (src/app/wiring/*.ts) share while Lakehose starts: each one
 * builds its adapters and engine, registers its facades and says what to close.
 */
export interface AppContext {
  readonly config: LakehoseConfig;
  readonly dataDir: string;
  readonly logger: Logger;
  /** The edge URL (known before the capabilities are wired, so functions can call back). */
  readonly edgeUrl: string;
  readonly metadata: SqliteDocumentStore;
  /** SigV4 when the config names credentials, otherwise open (local development). */
  readonly authenticator: Authenticator;
  readonly metrics: MetricsEngine;
  readonly engines: Engines;
  /** awsJson/CBOR services served by X-Amz-Target. */
  readonly services: ServiceDefinition[];
  /** awsQuery services (SNS, CloudWatch's query flavour) served by Action, form bodies in and XML out. */
  readonly queryServices: ServiceDefinition[];
  /**
   * Other routes on the edge port, tried in order after the JSON services. S3 (path-style,
   * the catch-all for paths) must come last: wiring modules for other routes unshift.
   */
  readonly routes: EdgeRoute[];
  /** Closed in reverse order of registration at shutdown. */
  readonly closeables: Closeable[];
}

export function requireEngine<K extends keyof Engines>(ctx: AppContext, name: K): NonNullable<Engines[K]> {
  const engine = ctx.engines[name];
  if (!engine) throw new Error(`the ${name} engine must be wired before this capability`);
  return engine as NonNullable<Engines[K]>;
}
