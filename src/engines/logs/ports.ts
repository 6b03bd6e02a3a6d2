/** A log group as stored. */
export interface LogGroupRecord {
  readonly name: string;
  readonly createdMs: number;
  /** Events older than this many days are deleted; undefined keeps them (up to the store's size bound). */
  readonly retentionDays?: number | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly logGroupClass: string;
}

export interface LogStreamRecord {
  readonly group: string;
  readonly name: string;
  readonly createdMs: number;
  readonly firstEventMs?: number | undefined;
  readonly lastEventMs?: number | undefined;
  readonly lastIngestionMs?: number | undefined;
  /** Message bytes plus 26 per event, as CloudWatch Logs counts them. */
  readonly storedBytes: number;
}

export interface StoredLogEvent {
  readonly id: number;
  readonly stream: string;
  readonly timestampMs: number;
  readonly ingestionMs: number;
  readonly message: string;
}

/** A position in a group's events, which are ordered by timestamp, then by arrival. */
export interface EventCursor {
  readonly timestampMs: number;
  readonly id: number;
}

export interface EventQuery {
  readonly group: string;
  /** Only these streams; undefined for every stream of the group. */
  readonly streams?: readonly string[] | undefined;
  /** Inclusive. */
  readonly startMs?: number | undefined;
  /** Exclusive. */
  readonly endMs?: number | undefined;
  /** Only events after (ascending) or before (descending) this position. */
  readonly from?: EventCursor | undefined;
  readonly descending: boolean;
  readonly limit: number;
}

export interface AppendBatch {
  readonly group: string;
  readonly stream: string;
  /** In timestamp order. */
  readonly events: ReadonlyArray<{ readonly timestampMs: number; readonly message: string }>;
  readonly ingestionMs: number;
}

/** Where log groups, streams and events are kept (embedded: the metadata SQLite database). */
export interface LogStore {
  putGroup(group: LogGroupRecord): Promise<void>;
  getGroup(name: string): Promise<LogGroupRecord | undefined>;
  /** Every group, by name. */
  listGroups(): Promise<LogGroupRecord[]>;
  /** Deletes the group with its streams and events. */
  deleteGroup(name: string): Promise<void>;
  createStream(group: string, name: string, createdMs: number): Promise<void>;
  getStream(group: string, name: string): Promise<LogStreamRecord | undefined>;
  /** A group's streams, by name. */
  listStreams(group: string): Promise<LogStreamRecord[]>;
  deleteStream(group: string, name: string): Promise<void>;
  /** Appends batches in one durable transaction, updating each stream's figures. */
  append(batches: readonly AppendBatch[]): Promise<void>;
  read(query: EventQuery): Promise<StoredLogEvent[]>;
  /** Deletes a group's events with a timestamp before `cutoffMs`; returns how many. */
  deleteBefore(group: string, cutoffMs: number): Promise<number>;
  totalBytes(): Promise<number>;
  /** Deletes the oldest-arrived events, across groups, until about `bytes` are freed. */
  deleteOldest(bytes: number): Promise<number>;
}
