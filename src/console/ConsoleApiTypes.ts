/**
 * The console's JSON API: what each endpoint under `/_console/api/` answers. The front-end
 * (console/src) imports these types, so the two sides cannot drift apart. Plain data only:
 * no imports, times as epoch milliseconds.
 */

export interface ApiError {
  readonly error: string;
}

export interface SessionInfo {
  /** True when the config lists credentials: the API wants a signed-in session. */
  readonly authRequired: boolean;
  readonly signedIn: boolean;
  readonly accessKeyId?: string;
  readonly region: string;
  readonly accountId: string;
  readonly version: string;
}

// ---- dashboard ----

/** The figures each dashboard panel charts, per period; null where there was no datapoint. */
export type SeriesKey =
  | 'incomingRecords'
  | 'incomingBytes'
  | 'deliveredRecords'
  | 'deliverySuccessPercent'
  | 'freshnessSeconds'
  | 'errors';

export interface ResourcePanel {
  readonly kind: 'stream' | 'deliveryStream';
  readonly name: string;
  readonly status?: string;
  /** One value per entry of DashboardData.times. */
  readonly series: Partial<Record<SeriesKey, Array<number | null>>>;
  /** The period that is still open (the current minute), so far. */
  readonly current: Partial<Record<SeriesKey, number | null>>;
  /** Totals over the window. */
  readonly totals: Partial<Record<SeriesKey, number>>;
}

export interface DashboardData {
  readonly nowMs: number;
  readonly startMs: number;
  readonly periodSeconds: number;
  /** Period starts, oldest first; the last one is the period still open. */
  readonly times: number[];
  readonly panels: ResourcePanel[];
  readonly alarms: { readonly ok: number; readonly alarm: number; readonly insufficientData: number };
}

/** A CloudWatch dashboard (PutDashboard) with its metric widgets' data. */
export interface CloudWatchDashboardData {
  readonly name: string;
  readonly widgets: Array<{
    readonly title: string;
    readonly periodSeconds: number;
    readonly times: number[];
    readonly lines: Array<{ readonly label: string; readonly values: Array<number | null> }>;
  }>;
  /** Widgets other than metric graphs (text, logs, alarms …), by type, not drawn. */
  readonly skipped: string[];
}

// ---- alarms ----

export interface AlarmRow {
  readonly name: string;
  readonly description?: string;
  readonly state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  readonly stateReason: string;
  readonly stateUpdatedMs: number;
  readonly metric: string;
  readonly condition: string;
  readonly actions: string[];
  readonly actionsEnabled: boolean;
}

export interface AlarmHistoryRow {
  readonly timestampMs: number;
  readonly type: string;
  readonly summary: string;
}

export interface AlarmDetail {
  readonly alarm: AlarmRow;
  readonly history: AlarmHistoryRow[];
  /** The alarm's metric and threshold over recent periods. */
  readonly chart: { readonly periodSeconds: number; readonly times: number[]; readonly values: Array<number | null>; readonly threshold: number };
}

// ---- topics ----

export interface TopicRow {
  readonly name: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly subscriptions: Array<{
    readonly arn: string;
    readonly protocol: string;
    readonly endpoint: string;
    readonly confirmed: boolean;
  }>;
}

// ---- streams and delivery streams ----

export interface StreamRow {
  readonly name: string;
  readonly status: string;
  readonly mode: string;
  readonly openShards: number;
  readonly retentionHours: number;
  readonly createdMs: number;
  readonly shards: Array<{ readonly shardId: string; readonly open: boolean; readonly startingHashKey: string; readonly endingHashKey: string }>;
}

export interface DeliveryStreamRow {
  readonly name: string;
  readonly status: string;
  readonly source: string;
  readonly destination: string;
  readonly bufferingSizeMiB?: number;
  readonly bufferingIntervalSeconds?: number;
  readonly compression?: string;
  readonly format?: string;
  readonly backlogRecords?: number;
  readonly bufferedRecords?: number;
  readonly dataFreshnessSeconds?: number;
  readonly totals: Record<string, number>;
}

// ---- buckets ----

export interface BucketRow {
  readonly name: string;
  readonly createdMs: number;
}

export interface ObjectListing {
  readonly bucket: string;
  readonly prefix: string;
  readonly folders: string[];
  readonly objects: Array<{ readonly key: string; readonly size: number; readonly lastModifiedMs: number; readonly etag: string }>;
  /** Pass back as `token` for the next page. */
  readonly nextToken?: string;
}

// ---- catalog ----

export interface CatalogDatabase {
  readonly name: string;
  readonly description?: string;
  readonly tables: Array<{ readonly name: string; readonly location?: string; readonly format?: string; readonly columns: number; readonly partitionKeys: string[] }>;
}

export interface CatalogTableDetail {
  readonly database: string;
  readonly name: string;
  readonly description?: string;
  readonly tableType?: string;
  readonly location?: string;
  readonly inputFormat?: string;
  readonly serde?: string;
  readonly columns: Array<{ readonly name: string; readonly type: string; readonly comment?: string }>;
  readonly partitionKeys: Array<{ readonly name: string; readonly type: string }>;
  readonly partitionCount: number;
  readonly parameters: Record<string, string>;
  readonly updatedMs: number;
}

// ---- SQL ----

export interface QueryStartRequest {
  readonly sql: string;
  readonly database?: string;
}

export interface QueryColumn {
  readonly name: string;
  readonly type: string;
}

export interface QueryStatus {
  readonly id: string;
  readonly sql: string;
  readonly database?: string;
  readonly state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  readonly error?: string;
  readonly submittedMs: number;
  readonly elapsedMs?: number;
  readonly scannedBytes: number;
  readonly progressPercent?: number;
  /** s3://… of the result file. */
  readonly outputLocation?: string;
  /** Present once it succeeded. */
  readonly result?: {
    readonly columns: QueryColumn[];
    readonly rows: Array<Array<string | null>>;
    /** Rows in the result file; `rows` holds the first ones only. */
    readonly totalRows: number;
    readonly truncated: boolean;
    readonly updateCount?: number;
  };
}
