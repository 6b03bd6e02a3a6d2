import type { DocumentCollection, DocumentStore } from '../../engines/kernel/DocumentStore.js';

/** Documents in memory, for engine unit tests. Values are copied so callers cannot alias them. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly data = new Map<string, Map<string, string>>();

  collection<T>(name: string): DocumentCollection<T> {
    let c = this.data.get(name);
    if (!c) this.data.set(name, (c = new Map()));
    const docs = c;
    return {
      get: async (key) => {
        const v = docs.get(key);
        return v === undefined ? undefined : (JSON.parse(v) as T);
      },
      list: async () => [...docs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, v]) => ({ key, doc: JSON.parse(v) as T })),
      put: async (key, doc) => {
        docs.set(key, JSON.stringify(doc));
      },
      delete: async (key) => {
        docs.delete(key);
      },
    };
  }

  async close(): Promise<void> {}
}
