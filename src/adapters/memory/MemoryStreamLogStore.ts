import type { LogRecord, LogRecordInput, ReadLimits, ReadResult, ShardLog, StreamLogStore } from '../../engines/streams/ports.js';

/** Shard logs in memory: for engine unit tests, where durability is not the subject. */
export class MemoryStreamLogStore implements StreamLogStore {
  private readonly shards = new Map<string, MemoryShardLog>();

  async openShard(streamId: string, shardId: string): Promise<ShardLog> {
    const key = `${streamId}/${shardId}`;
    let log = this.shards.get(key);
    if (!log) this.shards.set(key, (log = new MemoryShardLog()));
    return log;
  }

  async deleteStream(streamId: string): Promise<void> {
    for (const key of [...this.shards.keys()]) if (key.startsWith(`${streamId}/`)) this.shards.delete(key);
  }

  async close(): Promise<void> {}
}

class MemoryShardLog implements ShardLog {
  private records: LogRecord[] = [];
  private start = 0;

  get startOffset(): number {
    return this.start;
  }

  get nextOffset(): number {
    return this.start + this.records.length;
  }

  get lastArrivalMs(): number | undefined {
    return this.records[this.records.length - 1]?.arrivalMs;
  }

  async append(records: readonly LogRecordInput[], arrivalMs: number): Promise<number> {
    const base = this.nextOffset;
    const at = Math.max(arrivalMs, this.lastArrivalMs ?? 0);
    records.forEach((r, i) => this.records.push({ offset: base + i, arrivalMs: at, partitionKey: r.partitionKey, data: r.data }));
    return base;
  }

  async read(fromOffset: number, limits: ReadLimits): Promise<ReadResult> {
    const from = Math.max(fromOffset, this.start);
    const out: LogRecord[] = [];
    let bytes = 0;
    for (let o = from; o < this.nextOffset && out.length < limits.maxRecords; o++) {
      const r = this.records[o - this.start]!;
      const size = r.data.length + Buffer.byteLength(r.partitionKey);
      if (out.length > 0 && bytes + size > limits.maxBytes) break;
      bytes += size;
      out.push(r);
    }
    return { records: out, nextOffset: from + out.length };
  }

  async offsetAtTime(timestampMs: number): Promise<number> {
    const r = this.records.find((x) => x.arrivalMs >= timestampMs);
    return r ? r.offset : this.nextOffset;
  }

  async arrivalTimeOf(offset: number): Promise<number | undefined> {
    return this.records[offset - this.start]?.arrivalMs;
  }

  async trimBefore(cutoffMs: number): Promise<number> {
    while (this.records.length > 1 && this.records[0]!.arrivalMs < cutoffMs) {
      this.records.shift();
      this.start++;
    }
    return this.start;
  }
}
