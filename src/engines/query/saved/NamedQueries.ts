import { randomUUID } from 'node:crypto';
import type { DocumentCollection } from '../../kernel/DocumentStore.js';
import { QueryError } from '../QueryError.js';

export interface NamedQuery {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly database: string;
  readonly queryString: string;
  readonly workGroup: string;
  /** The ClientRequestToken it was created with (a repeat returns the same id). */
  readonly token?: string;
}

/** Saved queries (Athena's named queries), per work group. */
export class NamedQueries {
  private readonly queries = new Map<string, NamedQuery>();

  private constructor(private readonly store: DocumentCollection<NamedQuery>) {}

  static async open(store: DocumentCollection<NamedQuery>): Promise<NamedQueries> {
    const nq = new NamedQueries(store);
    for (const { doc } of await store.list()) nq.queries.set(doc.id, doc);
    return nq;
  }

  async create(input: Omit<NamedQuery, 'id'>): Promise<NamedQuery> {
    if (input.token !== undefined) {
      const same = [...this.queries.values()].find((q) => q.token === input.token);
      if (same) return same;
    }
    const query: NamedQuery = { ...input, id: randomUUID() };
    this.queries.set(query.id, query);
    await this.store.put(query.id, query);
    return query;
  }

  find(id: string): NamedQuery | undefined {
    return this.queries.get(id);
  }

  get(id: string): NamedQuery {
    const q = this.queries.get(id);
    if (!q) throw new QueryError('InvalidRequest', `NamedQuery ${id} was not found`, 'INVALID_INPUT');
    return q;
  }

  /** Ids in a work group, oldest first. */
  list(workGroup: string): NamedQuery[] {
    return [...this.queries.values()].filter((q) => q.workGroup === workGroup);
  }

  async update(id: string, changes: Pick<NamedQuery, 'name' | 'queryString'> & { description?: string }): Promise<void> {
    const q = this.get(id);
    const updated: NamedQuery = { ...q, name: changes.name, queryString: changes.queryString, ...(changes.description !== undefined ? { description: changes.description } : {}) };
    this.queries.set(id, updated);
    await this.store.put(id, updated);
  }

  async delete(id: string): Promise<void> {
    this.get(id);
    this.queries.delete(id);
    await this.store.delete(id);
  }

  async deleteWorkGroup(workGroup: string): Promise<void> {
    for (const q of this.list(workGroup)) await this.delete(q.id);
  }
}
