import type { LogRecordInput, ShardLog } from '../../streams/ports.js';
import type { Clock } from '../ports.js';
import type { MessageAttribute, Notification } from '../types.js';

/** A notification and the deliveries of it that are not finished yet (by delivery id → subscription ARN). */
export interface PendingMessage {
  readonly notification: Notification;
  readonly deliveries: Map<string, string>;
}

/** How the journal is told apart from other records in its log: the record key. */
const PUBLISHED = 'p';
const DONE = 'd';

/** Rewrite what is pending and drop old segments once this much was appended since the last time (or twice the last snapshot). */
const DEFAULT_COMPACT_AFTER_BYTES = 16 * 1024 * 1024;
const READ_CHUNK = { maxRecords: 10_000, maxBytes: 32 * 1024 * 1024 };

/**
 * Makes pending deliveries durable: nothing published is lost across a crash or restart.
 *
 * A published message is appended (with the list of deliveries it needs) and synced before
 * Publish answers; each finished delivery (delivered, dead-lettered or given up) appends a
 * small "done" record. On start the journal is read from the beginning, and what was
 * published but not done is delivered again (at least once, never silently dropped).
 *
 * The log is a ShardLog (the stream log's segmented files, group commit), used as a
 * journal: now and then the still-pending messages are appended again as one batch and
 * the segments before it are deleted, so the files stay about as large as what is pending.
 */
export class DeliveryJournal {
  private lastArrivalMs = 0;
  private doneBuffer: string[] = [];
  private doneFlush: Promise<void> | undefined;
  private bytesSinceCompaction = 0;
  private compactAfterBytes: number;
  private compacting: Promise<void> | undefined;

  constructor(
    private readonly log: ShardLog,
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
    compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES,
  ) {
    this.compactAfterBytes = compactAfterBytes;
  }

  /** Everything published and not done, in publish order. */
  async recover(): Promise<PendingMessage[]> {
    const pending = new Map<string, PendingMessage>();
    let offset = this.log.startOffset;
    while (offset < this.log.nextOffset) {
      const { records, nextOffset } = await this.log.read(offset, READ_CHUNK);
      if (records.length === 0) break;
      for (const r of records) {
        this.lastArrivalMs = Math.max(this.lastArrivalMs, r.arrivalMs);
        const doc = JSON.parse(Buffer.from(r.data).toString('utf8')) as PublishedRecord | DoneRecord;
        if (r.partitionKey === PUBLISHED) {
          const p = doc as PublishedRecord;
          // A later copy (from a compaction) replaces the earlier one: it lists only what was still pending then.
          pending.delete(p.n.messageId);
          pending.set(p.n.messageId, { notification: decodeNotification(p.n), deliveries: new Map(p.d) });
        } else if (r.partitionKey === DONE) {
          for (const id of (doc as DoneRecord).d) pending.get(messageIdOf(id))?.deliveries.delete(id);
        }
      }
      offset = nextOffset;
    }
    for (const [id, m] of pending) if (m.deliveries.size === 0) pending.delete(id);
    return [...pending.values()];
  }

  /** Resolves once the messages and their deliveries are on disk (one batch, one sync shared with concurrent callers). */
  async published(messages: readonly PendingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const records = messages.map((m) => this.publishedRecord(m));
    for (const r of records) this.bytesSinceCompaction += r.data.length;
    await this.log.append(records, this.arrival());
  }

  /** Records finished deliveries; batched per tick, never awaited by delivery (a lost record means one more delivery after a crash). */
  done(deliveryId: string): void {
    this.doneBuffer.push(deliveryId);
    this.doneFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushDone());
  }

  /** Waits for done records already given. */
  async flush(): Promise<void> {
    while (this.doneFlush) await this.doneFlush;
  }

  /**
   * When enough was appended since the last time: appends every pending message again (as
   * `snapshot` lists them, with only their unfinished deliveries) and deletes the segments
   * that hold nothing newer. `snapshot` must include messages whose `published()` has not
   * resolved yet, or their only copy could be trimmed.
   */
  maybeCompact(snapshot: () => PendingMessage[]): void {
    if (this.compacting || this.bytesSinceCompaction < this.compactAfterBytes) return;
    this.compacting = this.compact(snapshot())
      .catch((e: unknown) => this.onError(e))
      .finally(() => (this.compacting = undefined));
  }

  async close(): Promise<void> {
    await this.flush();
    await this.compacting;
  }

  private async compact(messages: PendingMessage[]): Promise<void> {
    const at = this.arrival();
    const records = messages.filter((m) => m.deliveries.size > 0).map((m) => this.publishedRecord(m));
    const bytes = records.reduce((n, r) => n + r.data.length, 0);
    this.bytesSinceCompaction = 0;
    this.compactAfterBytes = Math.max(this.compactAfterBytes, 2 * bytes);
    if (records.length > 0) await this.log.append(records, at);
    await this.log.trimBefore(at);
  }

  private async flushDone(): Promise<void> {
    const ids = this.doneBuffer;
    this.doneBuffer = [];
    try {
      const data = Buffer.from(JSON.stringify({ d: ids } satisfies DoneRecord));
      this.bytesSinceCompaction += data.length;
      await this.log.append([{ partitionKey: DONE, data }], this.arrival());
    } catch (e) {
      this.onError(e);
    } finally {
      this.doneFlush = this.doneBuffer.length > 0 ? new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushDone()) : undefined;
    }
  }

  private publishedRecord(m: PendingMessage): LogRecordInput {
    const doc: PublishedRecord = { n: encodeNotification(m.notification), d: [...m.deliveries] };
    return { partitionKey: PUBLISHED, data: Buffer.from(JSON.stringify(doc)) };
  }

  /** Arrival times must not go backwards within the log, whatever the clock does. */
  private arrival(): number {
    this.lastArrivalMs = Math.max(this.lastArrivalMs, this.clock.now());
    return this.lastArrivalMs;
  }
}

/** Delivery ids are `<messageId>#<n>`, so a done record finds its message. */
export function deliveryId(messageId: string, n: number): string {
  return `${messageId}#${n}`;
}

function messageIdOf(id: string): string {
  const hash = id.lastIndexOf('#');
  return hash < 0 ? id : id.slice(0, hash);
}

interface PublishedRecord {
  readonly n: StoredNotification;
  /** [deliveryId, subscriptionArn] */
  readonly d: Array<[string, string]>;
}

interface DoneRecord {
  readonly d: string[];
}

type StoredAttribute = { t: string; s?: string; b?: string };
type StoredNotification = Omit<Notification, 'attributes'> & { attributes?: Record<string, StoredAttribute> };

function encodeNotification(n: Notification): StoredNotification {
  if (!n.attributes) return n as StoredNotification;
  const attributes: Record<string, StoredAttribute> = {};
  for (const [k, a] of Object.entries(n.attributes)) {
    attributes[k] = {
      t: a.dataType,
      ...(a.stringValue !== undefined ? { s: a.stringValue } : {}),
      ...(a.binaryValue !== undefined ? { b: Buffer.from(a.binaryValue).toString('base64') } : {}),
    };
  }
  return { ...n, attributes };
}

function decodeNotification(s: StoredNotification): Notification {
  if (!s.attributes) return s as Notification;
  const attributes: Record<string, MessageAttribute> = {};
  for (const [k, a] of Object.entries(s.attributes)) {
    attributes[k] = {
      dataType: a.t,
      ...(a.s !== undefined ? { stringValue: a.s } : {}),
      ...(a.b !== undefined ? { binaryValue: Buffer.from(a.b, 'base64') } : {}),
    };
  }
  return { ...s, attributes };
}
