import type Database from 'better-sqlite3';
import type { CatalogCollection, CatalogDocuments, CatalogStore, CatalogWrite } from '../../../engines/catalog/ports.js';

/**
 * The catalog's store in the metadata SQLite file: its own table, and one transaction per
 * commit, so a BatchCreatePartition of 100 partitions is one fsync instead of 100 (about
 * 5 ms each here).
 */
export class SqliteCatalogStore implements CatalogStore {
  private readonly listStmt: Database.Statement<[string], { key: string; doc: string }>;
  private readonly putStmt: Database.Statement<[string, string, string]>;
  private readonly deleteStmt: Database.Statement<[string, string]>;
  private readonly applyAll: (writes: readonly CatalogWrite[]) => void;

  constructor(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS catalog_documents (collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (collection, key)) WITHOUT ROWID');
    this.listStmt = db.prepare('SELECT key, doc FROM catalog_documents WHERE collection = ? ORDER BY key');
    this.putStmt = db.prepare('INSERT INTO catalog_documents (collection, key, doc) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET doc = excluded.doc');
    this.deleteStmt = db.prepare('DELETE FROM catalog_documents WHERE collection = ? AND key = ?');
    this.applyAll = db.transaction((writes: readonly CatalogWrite[]) => {
      for (const w of writes) {
        if (w.doc === undefined) this.deleteStmt.run(w.collection, w.key);
        else this.putStmt.run(w.collection, w.key, JSON.stringify(w.doc));
      }
    });
  }

  async list<C extends CatalogCollection>(collection: C): Promise<Array<{ key: string; doc: CatalogDocuments[C] }>> {
    return this.listStmt.all(collection).map((r) => ({ key: r.key, doc: JSON.parse(r.doc) as CatalogDocuments[C] }));
  }

  async commit(writes: readonly CatalogWrite[]): Promise<void> {
    if (writes.length > 0) this.applyAll(writes);
  }
}
