/**
 * Small durable state (stream definitions, checkpoints, catalog entries …) as JSON
 * documents in named collections. The embedded adapter is SQLite; PostgreSQL later.
 * A write has returned only once it is durable.
 */
export interface DocumentCollection<T> {
  get(key: string): Promise<T | undefined>;
  /** Every document, ordered by key. */
  list(): Promise<Array<{ key: string; doc: T }>>;
  put(key: string, doc: T): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface DocumentStore {
  collection<T>(name: string): DocumentCollection<T>;
  close(): Promise<void>;
}
