import type { DocumentCollection, DocumentStore } from '../kernel/DocumentStore.js';
import type { CatalogCollection, CatalogDocuments, CatalogStore, CatalogWrite } from './ports.js';

/**
 * The catalog on any DocumentStore: one collection per kind, writes applied one by one in
 * commit order (not atomic; see CatalogStore for why that is safe). Used with the in-memory
 * store in tests and wherever no transactional adapter is wired.
 */
export class DocumentCatalogStore implements CatalogStore {
  private readonly collections = new Map<CatalogCollection, DocumentCollection<unknown>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly prefix = 'catalog.',
  ) {}

  private collection(name: CatalogCollection): DocumentCollection<unknown> {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = this.store.collection<unknown>(`${this.prefix}${name}`)));
    return c;
  }

  async list<C extends CatalogCollection>(collection: C): Promise<Array<{ key: string; doc: CatalogDocuments[C] }>> {
    return (await this.collection(collection).list()) as Array<{ key: string; doc: CatalogDocuments[C] }>;
  }

  async commit(writes: readonly CatalogWrite[]): Promise<void> {
    for (const w of writes) {
      const c = this.collection(w.collection);
      if (w.doc === undefined) await c.delete(w.key);
      else await c.put(w.key, w.doc);
    }
  }
}
