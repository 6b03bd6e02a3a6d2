import type { AlarmsEngine } from '../engines/alarms/AlarmsEngine.js';
import type { CatalogEngine } from '../engines/catalog/CatalogEngine.js';
import type { DeliveryEngine } from '../engines/delivery/DeliveryEngine.js';
import type { Lake } from '../engines/lake/Lake.js';
import type { Dashboards } from '../engines/metrics/Dashboards.js';
import type { MetricsEngine } from '../engines/metrics/MetricsEngine.js';
import type { QueryEngine } from '../engines/query/QueryEngine.js';
import type { StreamsEngine } from '../engines/streams/StreamsEngine.js';
import type { TopicsEngine } from '../engines/topics/TopicsEngine.js';

/** What the console reads of delivery streams (the engine's status and definitions). */
export type DeliveryView = Pick<DeliveryEngine, 'status' | 'describe'>;

/**
 * The engines the console sits on, in process. Every one but metrics may be absent (a
 * Lakehose wired without that capability); the pages say so instead of failing.
 */
export interface ConsoleEngines {
  readonly metrics: MetricsEngine;
  readonly streams?: StreamsEngine | undefined;
  readonly delivery?: DeliveryView | undefined;
  readonly lake?: Lake | undefined;
  readonly catalog?: CatalogEngine | undefined;
  readonly query?: QueryEngine | undefined;
  readonly alarms?: AlarmsEngine | undefined;
  readonly topics?: TopicsEngine | undefined;
  readonly dashboards?: Dashboards | undefined;
}
