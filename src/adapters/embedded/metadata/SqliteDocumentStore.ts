import Database from 'better-sqlite3';
import type { DocumentCollection, DocumentStore } from '../../../engines/kernel/DocumentStore.js';

/**
 * The metadata store of the embedded default: one SQLite file in WAL mode with
 * synchronous=FULL, so a write is on disk when it returns. Metadata writes are rare
 * (control-plane calls, checkpoints), so running them on the event loop costs little;
 * the ingest path never touches this store.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string], { doc: string }>;
  private readonly listStmt: Database.Statement<[string], { key: string; doc: string }>;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string]>;

  private constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec('CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID');
    this.getStmt = this.db.prepare('SELECT doc FROM documents WHERE collection = ? AND key = ?');
    this.listStmt = this.db.prepare('SELECT key, doc FROM documents WHERE collection = ? ORDER BY key');
    this.putStmt = this.db.prepare('INSERT INTO documents (collection, key, doc) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET doc = excluded.doc');
    this.deleteStmt = this.db.prepare('DELETE FROM documents WHERE collection = ? AND key = ?');
  }

  static async open(path: string): Promise<SqliteDocumentStore> {
    return new SqliteDocumentStore(path);
  }

  collection<T>(name: string): DocumentCollection<T> {
    return {
      get: async (key) => {
        const row = this.getStmt.get(name, key);
        return row ? (JSON.parse(row.doc) as T) : undefined;
      },
      list: async () => this.listStmt.all(name).map((r) => ({ key: r.key, doc: JSON.parse(r.doc) as T })),
      put: async (key, doc) => {
        this.putStmt.run(name, key, JSON.stringify(doc));
      },
      delete: async (key) => {
        this.deleteStmt.run(name, key);
      },
    };
  }

  /** The underlying database, for adapters that need SQL of their own (metrics, logs). */
  get database(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
