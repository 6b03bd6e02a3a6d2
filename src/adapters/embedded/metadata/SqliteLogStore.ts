import type Database from 'better-sqlite3';
import type { AppendBatch, EventQuery, LogGroupRecord, LogStore, LogStreamRecord, StoredLogEvent } from '../../../engines/logs/ports.js';

interface GroupRow {
  name: string;
  created: number;
  retention_days: number | null;
  tags: string;
  class: string;
}

interface StreamRow {
  grp: string;
  name: string;
  created: number;
  first_event: number | null;
  last_event: number | null;
  last_ingestion: number | null;
  bytes: number;
}

interface EventRow {
  id: number;
  stream: string;
  ts: number;
  ingestion: number;
  message: string;
}

/** CloudWatch Logs counts each event as its UTF-8 message plus 26 bytes. */
const EVENT_OVERHEAD = 26;

/**
 * Log groups, streams and events in the metadata SQLite database. Events are rows ordered by
 * (timestamp, id): the id is the arrival order, which breaks ties and serves as the cursor.
 * Stream figures (first/last event, bytes) are kept up to date on every append so that
 * DescribeLogGroups/Streams never scan events.
 */
export class SqliteLogStore implements LogStore {
  private readonly insertEvent: Database.Statement;
  private readonly updateStream: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS log_groups (
      name TEXT PRIMARY KEY, created INTEGER NOT NULL, retention_days INTEGER, tags TEXT NOT NULL, class TEXT NOT NULL) WITHOUT ROWID`);
    db.exec(`CREATE TABLE IF NOT EXISTS log_streams (
      grp TEXT NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL, first_event INTEGER, last_event INTEGER,
      last_ingestion INTEGER, bytes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (grp, name)) WITHOUT ROWID`);
    db.exec(`CREATE TABLE IF NOT EXISTS log_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT, grp TEXT NOT NULL, stream TEXT NOT NULL, ts INTEGER NOT NULL,
      ingestion INTEGER NOT NULL, message TEXT NOT NULL)`);
    db.exec('CREATE INDEX IF NOT EXISTS log_events_group_time ON log_events (grp, ts, id)');
    db.exec('CREATE INDEX IF NOT EXISTS log_events_stream_time ON log_events (grp, stream, ts, id)');
    this.insertEvent = db.prepare('INSERT INTO log_events (grp, stream, ts, ingestion, message) VALUES (?, ?, ?, ?, ?)');
    this.updateStream = db.prepare(`UPDATE log_streams SET
      first_event = MIN(COALESCE(first_event, @first), @first), last_event = MAX(COALESCE(last_event, @last), @last),
      last_ingestion = @ingestion, bytes = bytes + @bytes WHERE grp = @grp AND name = @name`);
  }

  async putGroup(g: LogGroupRecord): Promise<void> {
    this.db
      .prepare(`INSERT INTO log_groups VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET
        retention_days = excluded.retention_days, tags = excluded.tags, class = excluded.class`)
      .run(g.name, g.createdMs, g.retentionDays ?? null, JSON.stringify(g.tags), g.logGroupClass);
  }

  async getGroup(name: string): Promise<LogGroupRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM log_groups WHERE name = ?').get(name) as GroupRow | undefined;
    return row && toGroup(row);
  }

  async listGroups(): Promise<LogGroupRecord[]> {
    return (this.db.prepare('SELECT * FROM log_groups ORDER BY name').all() as GroupRow[]).map(toGroup);
  }

  async deleteGroup(name: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM log_events WHERE grp = ?').run(name);
      this.db.prepare('DELETE FROM log_streams WHERE grp = ?').run(name);
      this.db.prepare('DELETE FROM log_groups WHERE name = ?').run(name);
    })();
  }

  async createStream(group: string, name: string, createdMs: number): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO log_streams (grp, name, created) VALUES (?, ?, ?)').run(group, name, createdMs);
  }

  async getStream(group: string, name: string): Promise<LogStreamRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM log_streams WHERE grp = ? AND name = ?').get(group, name) as StreamRow | undefined;
    return row && toStream(row);
  }

  async listStreams(group: string): Promise<LogStreamRecord[]> {
    return (this.db.prepare('SELECT * FROM log_streams WHERE grp = ? ORDER BY name').all(group) as StreamRow[]).map(toStream);
  }

  async deleteStream(group: string, name: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM log_events WHERE grp = ? AND stream = ?').run(group, name);
      this.db.prepare('DELETE FROM log_streams WHERE grp = ? AND name = ?').run(group, name);
    })();
  }

  async append(batches: readonly AppendBatch[]): Promise<void> {
    this.db.transaction(() => {
      for (const b of batches) {
        if (b.events.length === 0) continue;
        let bytes = 0;
        let first = Infinity;
        let last = -Infinity;
        for (const e of b.events) {
          this.insertEvent.run(b.group, b.stream, e.timestampMs, b.ingestionMs, e.message);
          bytes += Buffer.byteLength(e.message) + EVENT_OVERHEAD;
          if (e.timestampMs < first) first = e.timestampMs;
          if (e.timestampMs > last) last = e.timestampMs;
        }
        this.updateStream.run({ grp: b.group, name: b.stream, first, last, ingestion: b.ingestionMs, bytes });
      }
    })();
  }

  async read(q: EventQuery): Promise<StoredLogEvent[]> {
    const where = ['grp = ?'];
    const params: Array<string | number> = [q.group];
    if (q.streams) {
      if (q.streams.length === 0) return [];
      where.push(`stream IN (${q.streams.map(() => '?').join(',')})`);
      params.push(...q.streams);
    }
    if (q.startMs !== undefined) {
      where.push('ts >= ?');
      params.push(q.startMs);
    }
    if (q.endMs !== undefined) {
      where.push('ts < ?');
      params.push(q.endMs);
    }
    if (q.from) {
      where.push(q.descending ? '(ts < ? OR (ts = ? AND id < ?))' : '(ts > ? OR (ts = ? AND id > ?))');
      params.push(q.from.timestampMs, q.from.timestampMs, q.from.id);
    }
    const order = q.descending ? 'DESC' : 'ASC';
    const sql = `SELECT id, stream, ts, ingestion, message FROM log_events WHERE ${where.join(' AND ')} ORDER BY ts ${order}, id ${order} LIMIT ?`;
    params.push(q.limit);
    return (this.db.prepare(sql).all(...params) as EventRow[]).map((r) => ({
      id: r.id,
      stream: r.stream,
      timestampMs: r.ts,
      ingestionMs: r.ingestion,
      message: r.message,
    }));
  }

  async deleteBefore(group: string, cutoffMs: number): Promise<number> {
    return this.db.transaction(() => {
      const removed = this.db.prepare('DELETE FROM log_events WHERE grp = ? AND ts < ?').run(group, cutoffMs).changes;
      if (removed > 0) this.recount(group);
      return removed;
    })();
  }

  async totalBytes(): Promise<number> {
    return (this.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS b FROM log_streams').get() as { b: number }).b;
  }

  async deleteOldest(bytes: number): Promise<number> {
    return this.db.transaction(() => {
      // Oldest arrivals first, in slices, until enough bytes are gone.
      let freed = 0;
      let removed = 0;
      const touched = new Set<string>();
      while (freed < bytes) {
        const rows = this.db
          .prepare(`SELECT id, grp, length(CAST(message AS BLOB)) + ${EVENT_OVERHEAD} AS size FROM log_events ORDER BY id LIMIT 1000`)
          .all() as Array<{ id: number; grp: string; size: number }>;
        if (rows.length === 0) break;
        let upTo = rows[rows.length - 1]!.id;
        for (const r of rows) {
          freed += r.size;
          touched.add(r.grp);
          if (freed >= bytes) {
            upTo = r.id;
            break;
          }
        }
        removed += this.db.prepare('DELETE FROM log_events WHERE id <= ?').run(upTo).changes;
      }
      for (const g of touched) this.recount(g);
      return removed;
    })();
  }

  /** Recomputes a group's stream figures from its events (after deletions). */
  private recount(group: string): void {
    this.db
      .prepare(`UPDATE log_streams SET
        bytes = COALESCE((SELECT SUM(length(CAST(message AS BLOB)) + ${EVENT_OVERHEAD}) FROM log_events e WHERE e.grp = log_streams.grp AND e.stream = log_streams.name), 0),
        first_event = (SELECT MIN(ts) FROM log_events e WHERE e.grp = log_streams.grp AND e.stream = log_streams.name)
        WHERE grp = ?`)
      .run(group);
  }
}

function toGroup(r: GroupRow): LogGroupRecord {
  return { name: r.name, createdMs: r.created, retentionDays: r.retention_days ?? undefined, tags: JSON.parse(r.tags) as Record<string, string>, logGroupClass: r.class };
}

function toStream(r: StreamRow): LogStreamRecord {
  return {
    group: r.grp,
    name: r.name,
    createdMs: r.created,
    firstEventMs: r.first_event ?? undefined,
    lastEventMs: r.last_event ?? undefined,
    lastIngestionMs: r.last_ingestion ?? undefined,
    storedBytes: r.bytes,
  };
}
