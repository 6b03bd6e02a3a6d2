import { SqliteLogStore } from '../../adapters/embedded/metadata/SqliteLogStore.js';
import { alarmLambdaEvent, alarmNotification } from '../../aws/cloudwatch/alarmNotification.js';
import { cloudwatchService } from '../../aws/cloudwatch/index.js';
import { logsService } from '../../aws/logs/index.js';
import { RpcV2CborProtocol } from '../../aws/wire/RpcV2CborProtocol.js';
import type { Alarm, AlarmDefinition, AlarmHistoryItem, AlarmTransition, ComparisonOperator, MissingDataTreatment } from '../../engines/alarms/Alarm.js';
import { AlarmsEngine } from '../../engines/alarms/AlarmsEngine.js';
import { DocumentAlarmHistory } from '../../engines/alarms/DocumentAlarmHistory.js';
import type { AlarmActionSink } from '../../engines/alarms/ports.js';
import type { PublishRequest } from '../../engines/topics/types.js';
import type { Statistic } from '../../engines/metrics/aggregate.js';
import { Dashboards, type Dashboard } from '../../engines/metrics/Dashboards.js';
import type { MetricUnit } from '../../engines/metrics/Metric.js';
import { LogsEngine } from '../../engines/logs/LogsEngine.js';
import type { AlarmConfig } from '../config/monitoringSchema.js';
import type { LakehoseConfig } from '../config/schema.js';
import { prometheusRoute } from '../prometheusRoute.js';
import type { AppContext } from './AppContext.js';

/** The log group alarm history is copied to, one stream per alarm. */
export const ALARM_HISTORY_LOG_GROUP = '/lakehose/alarms/history';

/** What alarm actions need from the topics engine (looked up when an action runs, so wiring order does not matter). */
interface TopicPublisher {
  publish(topicArn: string, request: PublishRequest): Promise<unknown>;
}

/**
 * Monitoring: CloudWatch Logs (groups in the metadata database), alarms evaluated on the
 * metrics engine's clock with actions published to topics, the CloudWatch API in its three
 * wire protocols (query, awsJson 1.0 with query-compatible errors, RPC v2 CBOR), the Logs
 * API, and Prometheus at GET /metrics.
 */
export async function wireMonitoring(ctx: AppContext): Promise<void> {
  const { config, logger, metadata, metrics } = ctx;
  const logs = new LogsEngine(new SqliteLogStore(metadata.database), {
    region: config.region,
    accountId: config.accountId,
    onWriteError: (error) => logger.warn('could not write log lines', { error: String(error) }),
  });
  ctx.closeables.push(logs);
  ctx.engines.logs = logs;
  for (const g of config.logGroups) await logs.declareGroup(g.name, g.retentionInDays, g.streams);
  logs.start();

  const alarms = await AlarmsEngine.open(
    {
      region: config.region,
      accountId: config.accountId,
      clock: () => metrics.now(),
      onHistory: (item) => logs.write(ALARM_HISTORY_LOG_GROUP, logStreamName(item.alarmName), [{ timestampMs: item.timestampMs, message: historyLine(item) }]),
    },
    metadata.collection<Alarm>('alarms'),
    await DocumentAlarmHistory.open(metadata.collection<AlarmHistoryItem>('alarm-history')),
    metrics,
    alarmActions(ctx),
  );
  ctx.closeables.push(alarms);
  ctx.engines.alarms = alarms;
  for (const a of config.alarms) await alarms.declare(alarmDefinition(a, config));
  alarms.start();

  const dashboards = new Dashboards(metadata.collection<Dashboard>('dashboards'));
  ctx.engines.dashboards = dashboards;
  const cloudwatch = cloudwatchService({ metrics, alarms, dashboards });
  const wire = {
    services: [cloudwatch],
    region: config.region,
    accountId: config.accountId,
    maxBodyBytes: config.server.maxRequestBodyMiB * 1024 * 1024,
    authenticator: ctx.authenticator,
    logger,
  };
  ctx.queryServices.push(cloudwatch);
  ctx.services.push(cloudwatch, logsService({ logs }));
  // Before S3, the catch-all for paths.
  ctx.routes.unshift(new RpcV2CborProtocol(wire), prometheusRoute(metrics, alarms));
}

/** Alarm actions: SNS topics get CloudWatch's alarm message; Lambda functions its alarm event. */
function alarmActions(ctx: AppContext): AlarmActionSink {
  const { config } = ctx;
  return {
    async perform(action: string, t: AlarmTransition): Promise<void> {
      const service = action.split(':')[2];
      if (service === 'sns') {
        const topics = (ctx.engines as { topics?: TopicPublisher }).topics;
        if (!topics) throw new Error('SNS topics are not available in this Lakehose');
        const n = alarmNotification(t, config.accountId, config.region);
        await topics.publish(action, { subject: n.subject, message: n.structured, messageStructure: 'json' });
        return;
      }
      if (service === 'lambda') {
        const name = /:function:([^:]+)/.exec(action)?.[1];
        const functions = ctx.engines.functions;
        if (!name || !functions) throw new Error(`Cannot invoke ${action}`);
        const result = await functions.invoke(name, alarmLambdaEvent(t, config.accountId, config.region));
        if (!result.ok) throw new Error(`${result.errorType}: ${result.errorMessage}`);
        return;
      }
      throw new Error(`Lakehose performs SNS and Lambda alarm actions, not ${service ?? action}`);
    },
  };
}

/** A config alarm as the engine's definition; topic names become ARNs in this region and account. */
export function alarmDefinition(a: AlarmConfig, config: Pick<LakehoseConfig, 'region' | 'accountId'>): AlarmDefinition {
  const arn = (x: string) => (x.startsWith('arn:') ? x : `arn:aws:sns:${config.region}:${config.accountId}:${x}`);
  return {
    name: a.name,
    description: a.description,
    metric: { namespace: a.namespace, name: a.metricName, dimensions: a.dimensions },
    statistic: a.statistic as Statistic,
    unit: a.unit as MetricUnit | undefined,
    periodSeconds: a.periodSeconds,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm ?? a.evaluationPeriods,
    threshold: a.threshold,
    comparison: a.comparisonOperator as ComparisonOperator,
    treatMissingData: a.treatMissingData as MissingDataTreatment,
    actionsEnabled: a.actionsEnabled,
    alarmActions: a.alarmActions.map(arn),
    okActions: a.okActions.map(arn),
    insufficientDataActions: a.insufficientDataActions.map(arn),
  };
}

/** Log stream names may not hold ':' or '*'. */
function logStreamName(alarmName: string): string {
  return alarmName.replace(/[:*]/g, '_');
}

function historyLine(item: AlarmHistoryItem): string {
  return JSON.stringify({ alarmName: item.alarmName, historyItemType: item.type, summary: item.summary, data: JSON.parse(item.data) as unknown });
}
