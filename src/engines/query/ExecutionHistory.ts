import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { FINISHED_STATES, type QueryExecutionRecord } from './QueryExecution.js';

interface TokenDoc {
  readonly id: string;
  /** What the request asked for, to spot a token reused for another request. */
  readonly fingerprint: string;
}

/**
 * Every query's record, kept in memory for fast polling and written to the metadata store
 * on each state change, so GetQueryExecution and GetQueryResults answer after a restart.
 * Queries that were queued or running when the process stopped come back FAILED: their
 * work is gone. The oldest records beyond `limit` are forgotten, as Athena forgets after
 * 45 days.
 */
export class ExecutionHistory {
  private readonly records = new Map<string, QueryExecutionRecord>();
  /** ids by submission, oldest first */
  private readonly order: string[] = [];
  private readonly tokens = new Map<string, TokenDoc>();
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: DocumentCollection<QueryExecutionRecord>,
    private readonly tokenStore: DocumentCollection<TokenDoc>,
    private readonly limit: number,
  ) {}

  static async open(
    store: DocumentCollection<QueryExecutionRecord>,
    tokenStore: DocumentCollection<TokenDoc>,
    options: { limit: number; now: number },
  ): Promise<ExecutionHistory> {
    const history = new ExecutionHistory(store, tokenStore, options.limit);
    const docs = (await store.list()).map((d) => d.doc).sort((a, b) => a.submittedAtMs - b.submittedAtMs || (a.id < b.id ? -1 : 1));
    for (let doc of docs) {
      if (!FINISHED_STATES.has(doc.state)) {
        doc = {
          ...doc,
          state: 'FAILED',
          stateChangeReason: 'GENERIC_INTERNAL_ERROR: Lakehose stopped while the query was queued or running; run it again',
          failure: {
            errorName: 'GENERIC_INTERNAL_ERROR',
            category: 1,
            errorType: 100,
            retryable: true,
            message: 'GENERIC_INTERNAL_ERROR: Lakehose stopped while the query was queued or running; run it again',
          },
          completedAtMs: options.now,
        };
        await store.put(doc.id, doc);
      }
      history.records.set(doc.id, doc);
      history.order.push(doc.id);
    }
    for (const { key, doc } of await tokenStore.list()) {
      if (history.records.has(doc.id)) history.tokens.set(key, doc);
      else await tokenStore.delete(key);
    }
    return history;
  }

  get(id: string): QueryExecutionRecord | undefined {
    return this.records.get(id);
  }

  byToken(token: string): TokenDoc | undefined {
    return this.tokens.get(token);
  }

  /** Newest first, optionally one work group's. */
  list(workGroup?: string): QueryExecutionRecord[] {
    const out: QueryExecutionRecord[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const r = this.records.get(this.order[i]!)!;
      if (workGroup === undefined || r.workGroup === workGroup) out.push(r);
    }
    return out;
  }

  /**
   * Records a new execution: in memory at once, on disk soon after. Only finished
   * executions must survive a restart (a queued one is failed then anyway), so starting a
   * query does not wait for a disk sync.
   */
  add(record: QueryExecutionRecord, token?: { value: string; fingerprint: string }): void {
    this.records.set(record.id, record);
    this.order.push(record.id);
    this.background(this.persist(record));
    if (token) {
      const doc = { id: record.id, fingerprint: token.fingerprint };
      this.tokens.set(token.value, doc);
      this.background(this.enqueue(() => this.tokenStore.put(token.value, doc)));
    }
    this.background(this.enqueue(() => this.trim()));
  }

  /** A write nobody waits for: its failure is reported, not thrown. */
  private background(write: Promise<unknown>): void {
    write.catch((e: unknown) => this.onError?.(e));
  }

  /** Called with writes that failed in the background. */
  onError: ((e: unknown) => void) | undefined;

  /** Replaces a record (a state change); in memory at once, durable when the promise resolves. */
  update(record: QueryExecutionRecord): Promise<void> {
    if (!this.records.has(record.id)) return Promise.resolve();
    this.records.set(record.id, record);
    return this.persist(record);
  }

  /** Writes a record, then shows it: what readers see of a finished query is already on disk. */
  async commit(record: QueryExecutionRecord): Promise<void> {
    if (!this.records.has(record.id)) return;
    await this.enqueue(() => this.store.put(record.id, record));
    if (this.records.has(record.id)) this.records.set(record.id, record);
  }

  private persist(record: QueryExecutionRecord): Promise<void> {
    return this.enqueue(() => this.store.put(record.id, this.records.get(record.id) ?? record));
  }

  /** Store writes land in the order they were asked for (a record's states must not overtake each other). */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const write = this.writes.then(work);
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async trim(): Promise<void> {
    while (this.order.length > this.limit) {
      const id = this.order[0]!;
      const r = this.records.get(id);
      if (r && !FINISHED_STATES.has(r.state)) break;
      this.order.shift();
      this.records.delete(id);
      await this.store.delete(id);
      const token = r?.clientRequestToken;
      if (token !== undefined && this.tokens.get(token)?.id === id) {
        this.tokens.delete(token);
        await this.tokenStore.delete(token);
      }
    }
  }

  async flush(): Promise<void> {
    await this.writes;
  }
}
