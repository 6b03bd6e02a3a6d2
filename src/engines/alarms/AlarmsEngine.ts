import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { aggregatePeriods, statisticValue } from '../metrics/aggregate.js';
import { metricKey, type Dimensions, type MetricUnit } from '../metrics/Metric.js';
import type { Statistic } from '../metrics/aggregate.js';
import { actionsFor, type Alarm, type AlarmDefinition, type AlarmHistoryItem, type AlarmState, type AlarmTransition } from './Alarm.js';
import { AlarmsError } from './AlarmsError.js';
import { evaluateAlarm, evaluationRange, type Slot } from './evaluateAlarm.js';
import type { AlarmActionSink, AlarmHistoryStore, MetricSource } from './ports.js';
import { isoDate, stateReason } from './stateReason.js';

export interface AlarmsEngineOptions {
  readonly region: string;
  readonly accountId: string;
  /** The time alarms evaluate at (the metrics engine's clock, so both agree). */
  readonly clock?: () => number;
  /** Real-time pause between evaluation passes; 0 evaluates only when asked (tests). */
  readonly tickMs?: number;
  readonly historyRetentionMs?: number;
  readonly maxHistoryItems?: number;
  readonly maxAlarms?: number;
  /** Every history item, as it is written (the wiring copies them to a log group). */
  readonly onHistory?: (item: AlarmHistoryItem) => void;
}

export interface AlarmFilter {
  readonly names?: readonly string[] | undefined;
  readonly namePrefix?: string | undefined;
  readonly state?: AlarmState | undefined;
  readonly actionPrefix?: string | undefined;
}

export interface MetricAlarmFilter {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions?: Dimensions | undefined;
  readonly statistic?: Statistic | undefined;
  readonly periodSeconds?: number | undefined;
  readonly unit?: MetricUnit | undefined;
}

const DAY_MS = 86_400_000;
const SUB_MINUTE_PERIODS = new Set([10, 20, 30]);

/**
 * Metric alarms: definitions and state kept in the metadata store, evaluated every minute
 * (every 10 seconds for sub-minute periods) over a sliding window of the metric, acting only
 * on state changes, with a bounded history.
 */
export class AlarmsEngine {
  private readonly alarms = new Map<string, Alarm>();
  /** Evaluation time last used per alarm (not persisted: a restart re-evaluates at once). */
  private readonly lastEvaluatedMs = new Map<string, number>();
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();
  private lastTrimMs = 0;

  private constructor(
    private readonly options: AlarmsEngineOptions,
    private readonly docs: DocumentCollection<Alarm>,
    private readonly historyStore: AlarmHistoryStore,
    private readonly metrics: MetricSource,
    private readonly actions: AlarmActionSink,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  static async open(
    options: AlarmsEngineOptions,
    docs: DocumentCollection<Alarm>,
    history: AlarmHistoryStore,
    metrics: MetricSource,
    actions: AlarmActionSink,
  ): Promise<AlarmsEngine> {
    const engine = new AlarmsEngine(options, docs, history, metrics, actions);
    for (const { doc } of await docs.list()) engine.alarms.set(doc.name, doc);
    return engine;
  }

  start(): void {
    const tick = this.options.tickMs ?? 10_000;
    if (tick > 0) {
      this.timer = setInterval(() => void this.evaluateDue().catch(() => {}), tick);
      this.timer.unref();
    }
  }

  /**
   * Test seam: stops the real-time evaluation passes, so that a test stepping the clock
   * decides when alarms are evaluated (through evaluateDue()). Production never calls it.
   */
  stopTicking(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pass.catch(() => {});
  }

  arnOf(name: string): string {
    return `arn:aws:cloudwatch:${this.options.region}:${this.options.accountId}:alarm:${name}`;
  }

  get region(): string {
    return this.options.region;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  // ---- definitions ------------------------------------------------------------------------

  /**
   * Creates an alarm (state INSUFFICIENT_DATA) or replaces an existing one's definition,
   * leaving its state as it is. Tags apply only when the alarm is created, as in CloudWatch.
   */
  async putAlarm(definition: AlarmDefinition, tags: Readonly<Record<string, string>> = {}): Promise<Alarm> {
    validate(definition);
    const now = this.clock();
    const existing = this.alarms.get(definition.name);
    if (!existing && this.alarms.size >= (this.options.maxAlarms ?? 10_000)) {
      throw new AlarmsError('LimitExceeded', `The maximum number of alarms (${this.options.maxAlarms ?? 10_000}) has been reached.`);
    }
    const alarm: Alarm = existing
      ? { ...existing, ...definition, configurationUpdatedMs: now }
      : {
          ...definition,
          arn: this.arnOf(definition.name),
          tags: { ...tags },
          state: 'INSUFFICIENT_DATA',
          stateReason: 'Unchecked: Initial alarm creation',
          stateUpdatedMs: now,
          stateTransitionedMs: now,
          configurationUpdatedMs: now,
        };
    await this.save(alarm);
    this.lastEvaluatedMs.delete(alarm.name);
    const type = existing ? 'Update' : 'Create';
    await this.record({
      alarmName: alarm.name,
      timestampMs: now,
      type: 'ConfigurationUpdate',
      summary: `Alarm "${alarm.name}" ${existing ? 'updated' : 'created'}`,
      data: JSON.stringify({ version: '1.0', type, [existing ? 'updatedAlarm' : 'createdAlarm']: configurationSnapshot(alarm) }),
    });
    return alarm;
  }

  /** Declares an alarm from the configuration file: put only when its definition changed. */
  async declare(definition: AlarmDefinition): Promise<void> {
    const existing = this.alarms.get(definition.name);
    if (existing && sameDefinition(existing, definition)) return;
    await this.putAlarm(definition);
  }

  get(name: string): Alarm | undefined {
    return this.alarms.get(name);
  }

  /** Alarms matching a filter, by name. */
  describe(filter: AlarmFilter = {}): Alarm[] {
    const names = filter.names && filter.names.length > 0 ? new Set(filter.names) : undefined;
    return [...this.alarms.values()]
      .filter(
        (a) =>
          (!names || names.has(a.name)) &&
          (filter.namePrefix === undefined || a.name.startsWith(filter.namePrefix)) &&
          (filter.state === undefined || a.state === filter.state) &&
          (filter.actionPrefix === undefined ||
            [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((x) => x.startsWith(filter.actionPrefix!))),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Alarms watching one metric (same namespace, name and dimensions), optionally narrowed. */
  forMetric(filter: MetricAlarmFilter): Alarm[] {
    const key = filter.dimensions ? metricKey({ namespace: filter.namespace, name: filter.metricName, dimensions: filter.dimensions }) : undefined;
    return this.describe().filter(
      (a) =>
        a.metric.namespace === filter.namespace &&
        a.metric.name === filter.metricName &&
        (key === undefined || metricKey(a.metric) === key) &&
        (filter.statistic === undefined || a.statistic === filter.statistic) &&
        (filter.periodSeconds === undefined || a.periodSeconds === filter.periodSeconds) &&
        (filter.unit === undefined || a.unit === filter.unit),
    );
  }

  /** Deletes alarms; when one of them does not exist, none is deleted. */
  async deleteAlarms(names: readonly string[]): Promise<void> {
    const missing = names.filter((n) => !this.alarms.has(n));
    if (missing.length > 0) throw new AlarmsError('AlarmNotFound', `${missing.length === 1 ? 'An alarm' : 'Alarms'} named ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist.`);
    for (const name of new Set(names)) {
      await this.docs.delete(name);
      this.alarms.delete(name);
      this.lastEvaluatedMs.delete(name);
    }
  }

  /** Enables or disables the actions of the named alarms; unknown names are passed over, as in CloudWatch. */
  async setActionsEnabled(names: readonly string[], enabled: boolean): Promise<void> {
    for (const name of names) {
      const a = this.alarms.get(name);
      if (!a || a.actionsEnabled === enabled) continue;
      await this.save({ ...a, actionsEnabled: enabled });
    }
  }

  /**
   * Sets the state by hand (to test actions). The change lasts until the next evaluation;
   * actions run when the state changes.
   */
  async setState(name: string, state: AlarmState, reason: string, reasonData?: string): Promise<void> {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new AlarmsError('AlarmNotFound', `Alarm ${name} does not exist.`);
    if (reasonData !== undefined && reasonData !== '') {
      try {
        JSON.parse(reasonData);
      } catch {
        throw new AlarmsError('InvalidFormat', 'Supplied StateReasonData is not valid JSON.');
      }
    }
    await this.transition(alarm, state, reason, reasonData === '' ? undefined : reasonData, this.clock());
  }

  // ---- tags -------------------------------------------------------------------------------

  private byArn(arn: string): Alarm {
    const prefix = this.arnOf('');
    const alarm = arn.startsWith(prefix) ? this.alarms.get(arn.slice(prefix.length)) : undefined;
    if (!alarm) throw new AlarmsError('AlarmNotFound', `Resource ${arn} does not exist.`);
    return alarm;
  }

  tagsOf(arn: string): Readonly<Record<string, string>> {
    return this.byArn(arn).tags;
  }

  async tag(arn: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const a = this.byArn(arn);
    await this.save({ ...a, tags: { ...a.tags, ...tags } });
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    const a = this.byArn(arn);
    const tags = { ...a.tags };
    for (const k of keys) delete tags[k];
    await this.save({ ...a, tags });
  }

  // ---- history ----------------------------------------------------------------------------

  async history(filter: { alarmName?: string | undefined; type?: string | undefined; startMs?: number | undefined; endMs?: number | undefined }): Promise<AlarmHistoryItem[]> {
    return this.historyStore.query(filter);
  }

  // ---- evaluation -------------------------------------------------------------------------

  /**
   * Evaluates every alarm whose next evaluation time has come (minute boundaries; 10-second
   * boundaries for sub-minute periods). Passes never overlap. Returns how many were evaluated.
   */
  evaluateDue(): Promise<number> {
    const run = this.pass.catch(() => {}).then(async () => {
      const now = this.clock();
      let count = 0;
      for (const alarm of [...this.alarms.values()]) {
        const step = alarm.periodSeconds < 60 ? 10_000 : 60_000;
        const at = now - (now % step);
        if ((this.lastEvaluatedMs.get(alarm.name) ?? -1) >= at) continue;
        this.lastEvaluatedMs.set(alarm.name, at);
        await this.evaluateAt(alarm.name, at);
        count++;
      }
      await this.trimHistory(now);
      return count;
    });
    this.pass = run;
    return run;
  }

  /** Evaluates one alarm as of `atMs` (the end of its newest period). */
  async evaluateAt(name: string, atMs: number): Promise<void> {
    const alarm = this.alarms.get(name);
    if (!alarm) return;
    const periodMs = alarm.periodSeconds * 1000;
    const range = evaluationRange(alarm.evaluationPeriods);
    const startMs = atMs - range * periodMs;
    const buckets = (await this.metrics.datapoints(alarm.metric, startMs, atMs)).filter((p) => alarm.unit === undefined || p.unit === alarm.unit);
    const periods = new Map(aggregatePeriods(buckets, startMs, atMs, periodMs).map((p) => [p.timestampMs, p]));
    const slots: Slot[] = [];
    for (let i = 0; i < range; i++) {
      const t = startMs + i * periodMs;
      const p = periods.get(t);
      slots.push({ timestampMs: t, value: p ? statisticValue(p, alarm.statistic) : undefined, sampleCount: p?.sampleCount });
    }
    const verdict = evaluateAlarm(slots, alarm, alarm.metric.namespace);
    if (verdict.kind === 'retain') return;
    const current = this.alarms.get(name);
    if (!current || current.state === verdict.state) return; // reasons change only with the state, so nothing is written
    const { reason, reasonData } = stateReason(verdict, alarm, current.state, this.clock(), startMs);
    await this.transition(current, verdict.state, reason, reasonData, this.clock());
  }

  private async transition(alarm: Alarm, state: AlarmState, reason: string, reasonData: string | undefined, atMs: number): Promise<void> {
    const oldState = alarm.state;
    const updated: Alarm = {
      ...alarm,
      state,
      stateReason: reason,
      stateReasonData: reasonData,
      stateUpdatedMs: atMs,
      stateTransitionedMs: oldState !== state ? atMs : alarm.stateTransitionedMs,
    };
    await this.save(updated);
    if (oldState === state) return;
    await this.record({
      alarmName: alarm.name,
      timestampMs: atMs,
      type: 'StateUpdate',
      summary: `Alarm updated from ${oldState} to ${state}`,
      data: JSON.stringify({
        version: '1.0',
        oldState: stateSnapshot(oldState, alarm.stateReason, alarm.stateReasonData),
        newState: stateSnapshot(state, reason, reasonData),
      }),
    });
    if (!updated.actionsEnabled) return;
    const transition: AlarmTransition = { alarm: updated, oldState, newState: state, reason, reasonData, atMs };
    for (const action of actionsFor(updated, state)) {
      try {
        await this.actions.perform(action, transition);
        await this.record({
          alarmName: alarm.name,
          timestampMs: this.clock(),
          type: 'Action',
          summary: `Successfully executed action ${action}`,
          data: JSON.stringify({ actionState: 'Succeeded', stateUpdateTimestamp: atMs, notificationResource: action, publishedMessage: null }),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await this.record({
          alarmName: alarm.name,
          timestampMs: this.clock(),
          type: 'Action',
          summary: `Failed to execute action ${action}. Received error: "${message}"`,
          data: JSON.stringify({ actionState: 'Failed', stateUpdateTimestamp: atMs, notificationResource: action, error: message }),
        });
      }
    }
  }

  private async save(alarm: Alarm): Promise<void> {
    await this.docs.put(alarm.name, alarm);
    this.alarms.set(alarm.name, alarm);
  }

  private async record(item: AlarmHistoryItem): Promise<void> {
    await this.historyStore.append(item);
    this.options.onHistory?.(item);
  }

  private async trimHistory(now: number): Promise<void> {
    if (now - this.lastTrimMs < 3_600_000) return;
    this.lastTrimMs = now;
    await this.historyStore.trim(now - (this.options.historyRetentionMs ?? 30 * DAY_MS), this.options.maxHistoryItems ?? 10_000);
  }
}

/** CloudWatch's own checks on an alarm definition (beyond what the API model states). */
function validate(d: AlarmDefinition): void {
  const p = d.periodSeconds;
  if (!(SUB_MINUTE_PERIODS.has(p) || (p >= 60 && p % 60 === 0))) {
    throw new AlarmsError('InvalidArgument', 'Period must be 10, 20, 30 or a multiple of 60.');
  }
  if (d.datapointsToAlarm > d.evaluationPeriods) {
    throw new AlarmsError('InvalidArgument', 'DatapointsToAlarm must be less than or equal to EvaluationPeriods.');
  }
  const span = p * 1000 * d.evaluationPeriods;
  const limit = p >= 3600 ? 7 * DAY_MS : DAY_MS;
  if (span > limit) {
    throw new AlarmsError(
      'InvalidArgument',
      `The evaluation period multiplied by the number of evaluation periods must not exceed ${p >= 3600 ? '7 days' : 'one day'} (${p >= 3600 ? 604800 : 86400} seconds).`,
    );
  }
  if (!Number.isFinite(d.threshold)) throw new AlarmsError('InvalidArgument', 'Threshold must be a finite number.');
}

function sameDefinition(a: AlarmDefinition, b: AlarmDefinition): boolean {
  const pick = (d: AlarmDefinition) =>
    JSON.stringify([
      d.description ?? '', metricKey(d.metric), d.statistic, d.unit ?? '', d.periodSeconds, d.evaluationPeriods, d.datapointsToAlarm,
      d.threshold, d.comparison, d.treatMissingData, d.actionsEnabled, d.alarmActions, d.okActions, d.insufficientDataActions,
    ]);
  return pick(a) === pick(b);
}

function stateSnapshot(state: AlarmState, reason: string, reasonData: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { stateValue: state, stateReason: reason };
  if (reasonData !== undefined) {
    try {
      out.stateReasonData = JSON.parse(reasonData);
    } catch {
      out.stateReasonData = reasonData;
    }
  }
  return out;
}

/** The alarm as ConfigurationUpdate history items show it. */
function configurationSnapshot(a: Alarm): Record<string, unknown> {
  return {
    alarmName: a.name,
    alarmArn: a.arn,
    ...(a.description !== undefined ? { alarmDescription: a.description } : {}),
    namespace: a.metric.namespace,
    metricName: a.metric.name,
    dimensions: Object.entries(a.metric.dimensions).map(([name, value]) => ({ name, value })),
    statistic: a.statistic,
    ...(a.unit !== undefined ? { unit: a.unit } : {}),
    period: a.periodSeconds,
    evaluationPeriods: a.evaluationPeriods,
    datapointsToAlarm: a.datapointsToAlarm,
    threshold: a.threshold,
    comparisonOperator: a.comparison,
    treatMissingData: a.treatMissingData,
    actionsEnabled: a.actionsEnabled,
    alarmActions: a.alarmActions,
    okActions: a.okActions,
    insufficientDataActions: a.insufficientDataActions,
    stateValue: a.state,
    timestamp: isoDate(a.configurationUpdatedMs),
  };
}
