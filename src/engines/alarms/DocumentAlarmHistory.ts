import type { DocumentCollection } from '../kernel/DocumentStore.js';
import type { AlarmHistoryItem } from './Alarm.js';
import type { AlarmHistoryStore } from './ports.js';

/**
 * Alarm history as documents keyed by time, with every item also held in memory: history is
 * small (bounded by age and count) and read far more often than written.
 */
export class DocumentAlarmHistory implements AlarmHistoryStore {
  private items: Array<{ key: string; item: AlarmHistoryItem }> = [];
  private seq = 0;

  private constructor(private readonly docs: DocumentCollection<AlarmHistoryItem>) {}

  static async open(docs: DocumentCollection<AlarmHistoryItem>): Promise<DocumentAlarmHistory> {
    const h = new DocumentAlarmHistory(docs);
    h.items = (await docs.list()).map(({ key, doc }) => ({ key, item: doc }));
    return h;
  }

  async append(item: AlarmHistoryItem): Promise<void> {
    // Time first so keys sort by time; the sequence keeps items of the same millisecond apart and in order.
    const key = `${String(item.timestampMs).padStart(15, '0')}-${String(this.seq++ % 1e9).padStart(9, '0')}-${process.pid}`;
    await this.docs.put(key, item);
    let i = this.items.length;
    while (i > 0 && this.items[i - 1]!.key > key) i--;
    this.items.splice(i, 0, { key, item });
  }

  async query(filter: { alarmName?: string | undefined; type?: string | undefined; startMs?: number | undefined; endMs?: number | undefined }): Promise<AlarmHistoryItem[]> {
    return this.items
      .map((e) => e.item)
      .filter(
        (i) =>
          (filter.alarmName === undefined || i.alarmName === filter.alarmName) &&
          (filter.type === undefined || i.type === filter.type) &&
          (filter.startMs === undefined || i.timestampMs >= filter.startMs) &&
          (filter.endMs === undefined || i.timestampMs < filter.endMs),
      );
  }

  async trim(cutoffMs: number, maxItems: number): Promise<void> {
    const excess = Math.max(0, this.items.length - maxItems);
    let drop = 0;
    while (drop < this.items.length && (drop < excess || this.items[drop]!.item.timestampMs < cutoffMs)) drop++;
    for (const { key } of this.items.slice(0, drop)) await this.docs.delete(key);
    this.items = this.items.slice(drop);
  }
}
