import { compileFilterPattern } from './filterPattern.js';
import { LogsError } from './LogsError.js';
import type { AppendBatch, EventCursor, LogGroupRecord, LogStore, LogStreamRecord, StoredLogEvent } from './ports.js';

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const DAY_MS = 86_400_000;
const EVENT_OVERHEAD = 26;
const MAX_EVENT_BYTES = 1_048_576 - EVENT_OVERHEAD;
const MAX_BATCH_BYTES = 1_048_576;
const MAX_BATCH_EVENTS = 10_000;
/** GetLogEvents and FilterLogEvents return at most 1 MB per call. */
const MAX_RESPONSE_BYTES = 1_048_576;
/** FilterLogEvents looks at this many events per call at most, then hands back a token. */
const MAX_SCANNED_PER_FILTER = 100_000;
const SCAN_CHUNK = 2_000;

export interface LogsEngineOptions {
  readonly region: string;
  readonly accountId: string;
  readonly clock?: () => number;
  /** Every group's events together are kept under this size; the oldest go first. */
  readonly maxStoredBytes?: number;
  /** Retention of groups Lakehose creates itself (function output, alarm history …). */
  readonly systemRetentionDays?: number;
  /** Real-time pause between retention sweeps; 0 sweeps only when asked (tests). */
  readonly sweepIntervalMs?: number;
  /** How long internal log lines wait to be written together; 0 writes only on flush(). */
  readonly writeDelayMs?: number;
  /** Internal writes that failed (they never fail the caller). */
  readonly onWriteError?: (error: unknown) => void;
}

export interface LogGroupView extends LogGroupRecord {
  readonly arn: string;
  readonly storedBytes: number;
}

export interface PutEventsResult {
  readonly nextSequenceToken: string;
  readonly tooNewStartIndex?: number;
  readonly tooOldEndIndex?: number;
  readonly expiredEndIndex?: number;
}

export interface LogEventView {
  readonly stream: string;
  readonly timestampMs: number;
  readonly ingestionMs: number;
  readonly message: string;
  readonly eventId: string;
}

export interface GetEventsResult {
  readonly events: LogEventView[];
  readonly forwardToken: string;
  readonly backwardToken: string;
}

export interface FilterEventsResult {
  readonly events: LogEventView[];
  readonly searchedStreams: string[];
  readonly nextToken?: string;
}

/**
 * CloudWatch Logs: groups of streams of timestamped events, kept in the metadata store with
 * per-group retention and an overall size bound. Lakehose writes its own lines (function
 * output, delivery errors, alarm history) through write(), batched; the API's PutLogEvents
 * is durable when it returns.
 */
export class LogsEngine {
  private readonly clock: () => number;
  private pending = new Map<string, { group: string; stream: string; events: Array<{ timestampMs: number; message: string }> }>();
  private pendingCount = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: LogStore,
    private readonly options: LogsEngineOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    const every = this.options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.sweepTimer = setInterval(() => void this.sweep().catch((e: unknown) => this.options.onWriteError?.(e)), every);
      this.sweepTimer.unref();
    }
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.flush();
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.options.region}:${this.options.accountId}:log-group:${name}`;
  }

  streamArn(group: string, stream: string): string {
    return `${this.groupArn(group)}:log-stream:${stream}`;
  }

  // ---- groups -----------------------------------------------------------------------------

  async createGroup(name: string, options: { tags?: Readonly<Record<string, string>>; retentionDays?: number; logGroupClass?: string } = {}): Promise<void> {
    if (name.toLowerCase().startsWith('aws/')) throw new LogsError('InvalidArgument', 'Log groups starting with AWS/ are reserved for AWS.');
    if (await this.store.getGroup(name)) throw new LogsError('GroupExists', 'The specified log group already exists');
    if (options.retentionDays !== undefined) checkRetention(options.retentionDays);
    await this.store.putGroup({ name, createdMs: this.clock(), retentionDays: options.retentionDays, tags: { ...(options.tags ?? {}) }, logGroupClass: options.logGroupClass ?? 'STANDARD' });
  }

  /** Creates the group if it is missing, and sets its retention (config-declared groups). */
  async declareGroup(name: string, retentionDays: number | undefined, streams: readonly string[] = []): Promise<void> {
    const g = await this.store.getGroup(name);
    if (!g) await this.createGroup(name, retentionDays !== undefined ? { retentionDays } : {});
    else if (g.retentionDays !== retentionDays) await this.putRetention(name, retentionDays);
    for (const s of streams) if (!(await this.store.getStream(name, s))) await this.store.createStream(name, s, this.clock());
  }

  async deleteGroup(name: string): Promise<void> {
    await this.requireGroup(name);
    await this.flush();
    await this.store.deleteGroup(name);
  }

  async group(name: string): Promise<LogGroupView> {
    const g = await this.requireGroup(name);
    return { ...g, arn: this.groupArn(g.name), storedBytes: sum(await this.store.listStreams(name)) };
  }

  /** Groups by name; `pattern` matches anywhere in the name, ignoring case. */
  async describeGroups(filter: { prefix?: string | undefined; pattern?: string | undefined; names?: readonly string[] | undefined } = {}): Promise<LogGroupView[]> {
    const pattern = filter.pattern?.toLowerCase();
    const names = filter.names ? new Set(filter.names) : undefined;
    const groups = (await this.store.listGroups()).filter(
      (g) =>
        (filter.prefix === undefined || g.name.startsWith(filter.prefix)) &&
        (pattern === undefined || g.name.toLowerCase().includes(pattern)) &&
        (names === undefined || names.has(g.name)),
    );
    const out: LogGroupView[] = [];
    for (const g of groups) out.push({ ...g, arn: this.groupArn(g.name), storedBytes: sum(await this.store.listStreams(g.name)) });
    return out;
  }

  async putRetention(name: string, days: number | undefined): Promise<void> {
    const g = await this.requireGroup(name);
    if (days !== undefined) checkRetention(days);
    await this.store.putGroup({ ...g, retentionDays: days });
    if (days !== undefined) await this.store.deleteBefore(name, this.clock() - days * DAY_MS);
  }

  async tags(name: string): Promise<Readonly<Record<string, string>>> {
    return (await this.requireGroup(name)).tags;
  }

  async tag(name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const g = await this.requireGroup(name);
    const merged = { ...g.tags, ...tags };
    if (Object.keys(merged).length > 50) throw new LogsError('LimitExceeded', 'A log group can have at most 50 tags.');
    await this.store.putGroup({ ...g, tags: merged });
  }

  async untag(name: string, keys: readonly string[]): Promise<void> {
    const g = await this.requireGroup(name);
    const tags = { ...g.tags };
    for (const k of keys) delete tags[k];
    await this.store.putGroup({ ...g, tags });
  }

  private async requireGroup(name: string): Promise<LogGroupRecord> {
    const g = await this.store.getGroup(name);
    if (!g) throw new LogsError('GroupNotFound', 'The specified log group does not exist.');
    return g;
  }

  // ---- streams ----------------------------------------------------------------------------

  async createStream(group: string, name: string): Promise<void> {
    await this.requireGroup(group);
    if (await this.store.getStream(group, name)) throw new LogsError('StreamExists', 'The specified log stream already exists');
    await this.store.createStream(group, name, this.clock());
  }

  async deleteStream(group: string, name: string): Promise<void> {
    await this.requireStream(group, name);
    await this.flush();
    await this.store.deleteStream(group, name);
  }

  async describeStreams(group: string, filter: { prefix?: string | undefined; orderBy?: 'LogStreamName' | 'LastEventTime' | undefined; descending?: boolean | undefined } = {}): Promise<LogStreamRecord[]> {
    await this.requireGroup(group);
    if (filter.prefix !== undefined && filter.orderBy === 'LastEventTime') {
      throw new LogsError('InvalidArgument', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const streams = (await this.store.listStreams(group)).filter((s) => filter.prefix === undefined || s.name.startsWith(filter.prefix));
    if (filter.orderBy === 'LastEventTime') streams.sort((a, b) => (a.lastEventMs ?? -1) - (b.lastEventMs ?? -1) || (a.name < b.name ? -1 : 1));
    if (filter.descending) streams.reverse();
    return streams;
  }

  private async requireStream(group: string, name: string): Promise<LogStreamRecord> {
    await this.requireGroup(group);
    const s = await this.store.getStream(group, name);
    if (!s) throw new LogsError('StreamNotFound', 'The specified log stream does not exist.');
    return s;
  }

  // ---- events -----------------------------------------------------------------------------

  /**
   * PutLogEvents: the batch is checked as CloudWatch Logs checks it; events too far in the
   * future, too old, or older than the group's retention are left out and reported by index;
   * the rest are durable when this returns.
   */
  async putEvents(group: string, stream: string, events: ReadonlyArray<{ timestampMs: number; message: string }>): Promise<PutEventsResult> {
    const g = await this.requireGroup(group);
    await this.requireStream(group, stream);
    if (events.length === 0) throw new LogsError('InvalidArgument', 'The batch of log events must not be empty.');
    if (events.length > MAX_BATCH_EVENTS) throw new LogsError('InvalidArgument', `A batch may hold at most ${MAX_BATCH_EVENTS} log events.`);
    let bytes = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const size = Buffer.byteLength(e.message);
      if (size > MAX_EVENT_BYTES) throw new LogsError('InvalidArgument', `Log event ${i} is too large: ${size} bytes; the most is ${MAX_EVENT_BYTES}.`);
      bytes += size + EVENT_OVERHEAD;
      if (i > 0 && e.timestampMs < events[i - 1]!.timestampMs) {
        throw new LogsError('InvalidArgument', 'Log events in a single PutLogEvents request must be in chronological order.');
      }
    }
    if (bytes > MAX_BATCH_BYTES) throw new LogsError('InvalidArgument', `The batch is ${bytes} bytes; the most is ${MAX_BATCH_BYTES}.`);
    if (events[events.length - 1]!.timestampMs - events[0]!.timestampMs > DAY_MS) {
      throw new LogsError('InvalidArgument', 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
    }
    const now = this.clock();
    const tooOld = now - 14 * DAY_MS;
    const expired = g.retentionDays !== undefined ? now - g.retentionDays * DAY_MS : -Infinity;
    const tooNew = now + 2 * 3_600_000;
    let tooOldEnd = -1;
    let expiredEnd = -1;
    let tooNewStart = events.length;
    events.forEach((e, i) => {
      if (e.timestampMs < tooOld) tooOldEnd = i;
      if (e.timestampMs < expired) expiredEnd = i;
      if (e.timestampMs > tooNew && tooNewStart === events.length) tooNewStart = i;
    });
    const first = Math.max(tooOldEnd, expiredEnd) + 1;
    const accepted = events.slice(first, tooNewStart);
    if (accepted.length > 0) {
      await this.writing; // internal lines queued before stay before
      await this.store.append([{ group, stream, events: accepted, ingestionMs: now }]);
    }
    return {
      nextSequenceToken: String(now).padStart(20, '0'),
      ...(tooNewStart < events.length ? { tooNewStartIndex: tooNewStart } : {}),
      ...(tooOldEnd >= 0 ? { tooOldEndIndex: tooOldEnd } : {}),
      ...(expiredEnd >= 0 ? { expiredEndIndex: expiredEnd } : {}),
    };
  }

  /**
   * GetLogEvents: one stream's events in time order. Without a token, the newest `limit`
   * (or the oldest, with `fromHead`); tokens `f/…` read on, `b/…` read back. When there is
   * nothing more, the forward token comes back unchanged (clients stop on that).
   */
  async getEvents(
    group: string,
    stream: string,
    q: { startMs?: number | undefined; endMs?: number | undefined; token?: string | undefined; limit?: number | undefined; fromHead?: boolean | undefined },
  ): Promise<GetEventsResult> {
    await this.flush();
    await this.requireStream(group, stream);
    const limit = q.limit ?? 10_000;
    const token = q.token !== undefined ? decodeToken(q.token) : undefined;
    const descending = token ? token.direction === 'b' : !(q.fromHead ?? false);
    const rows = await this.store.read({ group, streams: [stream], startMs: q.startMs, endMs: q.endMs, from: token?.cursor, descending, limit });
    const events = capBytes(rows);
    if (descending) events.reverse();
    const head = events[0];
    const tail = events[events.length - 1];
    const origin: EventCursor = token?.cursor ?? (descending ? { timestampMs: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER } : { timestampMs: -1, id: -1 });
    return {
      events: events.map(view),
      forwardToken: encodeToken('f', tail ? cursorOf(tail) : origin),
      backwardToken: encodeToken('b', head ? cursorOf(head) : origin),
    };
  }

  /** FilterLogEvents: events of many streams, interleaved by time, that match a pattern. */
  async filterEvents(
    group: string,
    q: {
      streams?: readonly string[] | undefined;
      streamPrefix?: string | undefined;
      startMs?: number | undefined;
      endMs?: number | undefined;
      pattern?: string | undefined;
      token?: string | undefined;
      limit?: number | undefined;
    },
  ): Promise<FilterEventsResult> {
    if (q.streams !== undefined && q.streamPrefix !== undefined) {
      throw new LogsError('InvalidArgument', 'logStreamNames and logStreamNamePrefix are mutually exclusive.');
    }
    await this.flush();
    await this.requireGroup(group);
    const match = compileFilterPattern(q.pattern);
    const all = await this.store.listStreams(group);
    const streams = q.streams
      ? all.filter((s) => q.streams!.includes(s.name)).map((s) => s.name)
      : q.streamPrefix !== undefined
        ? all.filter((s) => s.name.startsWith(q.streamPrefix!)).map((s) => s.name)
        : undefined;
    const limit = q.limit ?? 10_000;
    let from = q.token !== undefined ? decodeToken(q.token).cursor : undefined;
    const found: StoredLogEvent[] = [];
    let bytes = 0;
    let scanned = 0;
    let exhausted = false;
    while (found.length < limit && bytes < MAX_RESPONSE_BYTES && scanned < MAX_SCANNED_PER_FILTER) {
      const rows = await this.store.read({ group, streams, startMs: q.startMs, endMs: q.endMs, from, descending: false, limit: SCAN_CHUNK });
      let full = false;
      for (const r of rows) {
        scanned++;
        from = cursorOf(r);
        if (!match(r.message)) continue;
        found.push(r);
        bytes += Buffer.byteLength(r.message) + EVENT_OVERHEAD;
        if (found.length >= limit || bytes >= MAX_RESPONSE_BYTES) {
          full = true;
          break;
        }
      }
      if (!full && rows.length < SCAN_CHUNK) {
        exhausted = true;
        break;
      }
    }
    return {
      events: found.map(view),
      searchedStreams: (streams ?? all.map((s) => s.name)),
      ...(!exhausted && from ? { nextToken: encodeToken('f', from) } : {}),
    };
  }

  // ---- internal lines ---------------------------------------------------------------------

  /**
   * Lines Lakehose writes itself (function output, delivery errors, alarm history). The
   * group and stream are created when missing. Lines are batched and written within
   * `writeDelayMs`; a failure is reported to onWriteError, never to the caller.
   */
  write(group: string, stream: string, lines: ReadonlyArray<{ timestampMs: number; message: string }>): void {
    if (lines.length === 0) return;
    const key = `${group}\u0000${stream}`;
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { group, stream, events: [] }));
    for (const l of lines) p.events.push({ timestampMs: l.timestampMs, message: l.message.length > 0 ? l.message : ' ' });
    this.pendingCount += lines.length;
    const delay = this.options.writeDelayMs ?? 1000;
    if (this.pendingCount >= MAX_BATCH_EVENTS) void this.flush();
    else if (delay > 0 && !this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), delay);
      this.flushTimer.unref();
    }
  }

  /** Writes every queued internal line. */
  flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pendingCount === 0) return this.writing;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.pendingCount = 0;
    this.writing = this.writing.then(async () => {
      try {
        const now = this.clock();
        const batches: AppendBatch[] = [];
        for (const b of batch) {
          if (!(await this.store.getGroup(b.group))) {
            await this.store.putGroup({ name: b.group, createdMs: now, retentionDays: this.options.systemRetentionDays ?? 30, tags: {}, logGroupClass: 'STANDARD' });
          }
          if (!(await this.store.getStream(b.group, b.stream))) await this.store.createStream(b.group, b.stream, now);
          b.events.sort((x, y) => x.timestampMs - y.timestampMs);
          batches.push({ group: b.group, stream: b.stream, events: b.events.map((e) => ({ timestampMs: e.timestampMs, message: clip(e.message) })), ingestionMs: now });
        }
        await this.store.append(batches);
      } catch (e) {
        this.options.onWriteError?.(e);
      }
    });
    return this.writing;
  }

  // ---- retention --------------------------------------------------------------------------

  /** Applies each group's retention, then the overall size bound. */
  async sweep(): Promise<void> {
    await this.flush();
    const now = this.clock();
    for (const g of await this.store.listGroups()) {
      if (g.retentionDays !== undefined) await this.store.deleteBefore(g.name, now - g.retentionDays * DAY_MS);
    }
    const max = this.options.maxStoredBytes ?? 1024 * 1024 * 1024;
    const total = await this.store.totalBytes();
    if (total > max) await this.store.deleteOldest(total - Math.floor(max * 0.9));
  }
}

function checkRetention(days: number): void {
  if (!RETENTION_DAYS.includes(days)) {
    throw new LogsError('InvalidArgument', `Invalid retention value. Valid values are: [${RETENTION_DAYS.join(', ')}]`);
  }
}

function sum(streams: readonly LogStreamRecord[]): number {
  return streams.reduce((n, s) => n + s.storedBytes, 0);
}

function view(e: StoredLogEvent): LogEventView {
  return { stream: e.stream, timestampMs: e.timestampMs, ingestionMs: e.ingestionMs, message: e.message, eventId: String(e.id).padStart(20, '0') };
}

function cursorOf(e: StoredLogEvent): EventCursor {
  return { timestampMs: e.timestampMs, id: e.id };
}

/** Keeps the first rows that fit in one response. */
function capBytes(rows: StoredLogEvent[]): StoredLogEvent[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += Buffer.byteLength(rows[i]!.message) + EVENT_OVERHEAD;
    if (bytes > MAX_RESPONSE_BYTES) return rows.slice(0, Math.max(1, i));
  }
  return rows;
}

/** Internal lines longer than an event may be are cut, not lost. */
function clip(message: string): string {
  return Buffer.byteLength(message) <= MAX_EVENT_BYTES ? message : Buffer.from(message).subarray(0, MAX_EVENT_BYTES).toString('utf8');
}

/** Tokens: `f/<timestamp>/<id>` (read on) or `b/<timestamp>/<id>` (read back), as CloudWatch's start with f/ and b/. */
function encodeToken(direction: 'f' | 'b', c: EventCursor): string {
  return `${direction}/${c.timestampMs}/${c.id}`;
}

function decodeToken(token: string): { direction: 'f' | 'b'; cursor: EventCursor } {
  const m = /^([fb])\/(-?\d+)\/(-?\d+)$/.exec(token);
  if (!m) throw new LogsError('InvalidArgument', 'The specified nextToken is invalid.');
  return { direction: m[1] as 'f' | 'b', cursor: { timestampMs: Number(m[2]), id: Number(m[3]) } };
}
