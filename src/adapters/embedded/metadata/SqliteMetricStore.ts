import type Database from 'better-sqlite3';
import type { Datapoint, Dimensions, MetricId, MetricUnit } from '../../../engines/metrics/Metric.js';
import type { MetricStore } from '../../../engines/metrics/ports.js';

interface Row {
  namespace: string;
  name: string;
  dims: string;
  minute: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * Datapoints in the metadata SQLite database: one row per metric and minute (or second, for
 * high-resolution data; the `minute` column holds the bucket start in ms). A small series
 * table answers ListMetrics without scanning every datapoint.
 */
export class SqliteMetricStore implements MetricStore {
  private readonly upsert: Database.Statement;
  private readonly touchSeries: Database.Statement;
  private readonly select: Database.Statement<[string, string, string, number, number], Row>;
  private readonly trim: Database.Statement<[number]>;
  private readonly trimSeries: Database.Statement<[number]>;
  private readonly rollUpInsert: Database.Statement<[number, number]>;
  private readonly rollUpDelete: Database.Statement<[number, number]>;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS metric_points (
      namespace TEXT NOT NULL, name TEXT NOT NULL, dims TEXT NOT NULL, minute INTEGER NOT NULL,
      unit TEXT NOT NULL, count REAL NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
      PRIMARY KEY (namespace, name, dims, minute)) WITHOUT ROWID`);
    db.exec('CREATE INDEX IF NOT EXISTS metric_points_minute ON metric_points (minute)');
    db.exec(`CREATE TABLE IF NOT EXISTS metric_series (
      namespace TEXT NOT NULL, name TEXT NOT NULL, dims TEXT NOT NULL, last INTEGER NOT NULL,
      PRIMARY KEY (namespace, name, dims)) WITHOUT ROWID`);
    const hasSeries = db.prepare('SELECT 1 FROM metric_series LIMIT 1').get() !== undefined;
    if (!hasSeries) {
      // A database from before the series table: derive it once.
      db.exec('INSERT OR IGNORE INTO metric_series SELECT namespace, name, dims, MAX(minute) FROM metric_points GROUP BY namespace, name, dims');
    }
    this.upsert = db.prepare(`INSERT INTO metric_points VALUES (@namespace, @name, @dims, @minute, @unit, @count, @sum, @min, @max)
      ON CONFLICT (namespace, name, dims, minute) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum,
      min = MIN(min, excluded.min), max = MAX(max, excluded.max), unit = excluded.unit`);
    this.touchSeries = db.prepare(`INSERT INTO metric_series VALUES (@namespace, @name, @dims, @minute)
      ON CONFLICT (namespace, name, dims) DO UPDATE SET last = MAX(last, excluded.last)`);
    this.select = db.prepare('SELECT * FROM metric_points WHERE namespace = ? AND name = ? AND dims = ? AND minute >= ? AND minute < ? ORDER BY minute');
    this.trim = db.prepare('DELETE FROM metric_points WHERE minute < ?');
    this.trimSeries = db.prepare('DELETE FROM metric_series WHERE last < ?');
    // Integer division keeps the minute; the WHERE before ON CONFLICT keeps SQLite's parser unambiguous.
    this.rollUpInsert = db.prepare(`INSERT INTO metric_points (namespace, name, dims, minute, unit, count, sum, min, max)
      SELECT namespace, name, dims, (minute / 60000) * 60000 AS m, MAX(unit), SUM(count), SUM(sum), MIN(min), MAX(max)
      FROM metric_points WHERE minute >= ? AND minute < ? AND minute % 60000 <> 0 GROUP BY namespace, name, dims, m
      ON CONFLICT (namespace, name, dims, minute) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum,
      min = MIN(min, excluded.min), max = MAX(max, excluded.max)`);
    this.rollUpDelete = db.prepare('DELETE FROM metric_points WHERE minute >= ? AND minute < ? AND minute % 60000 <> 0');
  }

  async write(points: ReadonlyArray<{ id: MetricId; point: Datapoint }>): Promise<void> {
    const tx = this.db.transaction(() => {
      for (const { id, point } of points) {
        const row = {
          namespace: id.namespace,
          name: id.name,
          dims: dimsText(id.dimensions),
          minute: point.timestampMs,
          unit: point.unit,
          count: point.sampleCount,
          sum: point.sum,
          min: point.minimum,
          max: point.maximum,
        };
        this.upsert.run(row);
        this.touchSeries.run(row);
      }
    });
    tx();
  }

  async read(id: MetricId, startMs: number, endMs: number): Promise<Datapoint[]> {
    return this.select.all(id.namespace, id.name, dimsText(id.dimensions), startMs, endMs).map((r) => ({
      timestampMs: r.minute,
      unit: r.unit as MetricUnit,
      sampleCount: r.count,
      sum: r.sum,
      minimum: r.min,
      maximum: r.max,
    }));
  }

  async list(filter: { namespace?: string | undefined; name?: string | undefined; sinceMs: number }): Promise<MetricId[]> {
    const where = ['last >= ?'];
    const params: Array<string | number> = [filter.sinceMs];
    if (filter.namespace) {
      where.push('namespace = ?');
      params.push(filter.namespace);
    }
    if (filter.name) {
      where.push('name = ?');
      params.push(filter.name);
    }
    const rows = this.db.prepare(`SELECT namespace, name, dims FROM metric_series WHERE ${where.join(' AND ')}`).all(...params) as Row[];
    return rows.map((r) => ({ namespace: r.namespace, name: r.name, dimensions: JSON.parse(r.dims) as Dimensions }));
  }

  async rollUp(fromMs: number, toMs: number): Promise<void> {
    this.db.transaction(() => {
      this.rollUpInsert.run(fromMs, toMs);
      this.rollUpDelete.run(fromMs, toMs);
    })();
  }

  async trimBefore(cutoffMs: number): Promise<void> {
    this.trim.run(cutoffMs);
    this.trimSeries.run(cutoffMs);
  }
}

/** Dimensions as canonical JSON (sorted keys), so the same set always maps to the same row. */
function dimsText(d: Dimensions): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(d).sort()) sorted[k] = d[k]!;
  return JSON.stringify(sorted);
}
