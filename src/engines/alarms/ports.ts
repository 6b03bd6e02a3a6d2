import type { Datapoint, MetricId } from '../metrics/Metric.js';
import type { AlarmHistoryItem, AlarmTransition } from './Alarm.js';

/** Where alarms read their metric (the metrics engine). */
export interface MetricSource {
  /** Stored buckets of one metric in [startMs, endMs), oldest first. */
  datapoints(id: MetricId, startMs: number, endMs: number): Promise<Datapoint[]>;
}

/**
 * Carries out one action of a state change (embedded: publish the alarm message to a
 * topic). Rejects when the action could not be performed; the alarm's history says so.
 */
export interface AlarmActionSink {
  perform(action: string, transition: AlarmTransition): Promise<void>;
}

/** Alarm history, kept for a bounded time (CloudWatch: 30 days). */
export interface AlarmHistoryStore {
  append(item: AlarmHistoryItem): Promise<void>;
  /** Items matching the filter, oldest first. */
  query(filter: { alarmName?: string | undefined; type?: string | undefined; startMs?: number | undefined; endMs?: number | undefined }): Promise<AlarmHistoryItem[]>;
  /** Drops items older than `cutoffMs`, and the oldest beyond `maxItems`. */
  trim(cutoffMs: number, maxItems: number): Promise<void>;
}
