import type { DatabaseDefinition, PartitionDefinition, TableDefinition } from './Table.js';

/**
 * Storage the catalog needs: a few collections of JSON documents, read whole at start and
 * changed by commits. A commit is durable when it resolves; an adapter that can make it
 * atomic (one SQLite or PostgreSQL transaction) should, so a batch of 100 partitions costs
 * one sync. The engine orders every commit so that, should an adapter apply only a prefix
 * of one before a crash, what is left is either the old state or orphans that the engine
 * removes when it opens (a partition whose table is gone, a table whose database is gone).
 */
export interface StoredTable {
  /** Unique per incarnation: a table dropped and created again gets a new id. */
  readonly id: string;
  readonly table: TableDefinition;
}

export interface StoredTableVersion {
  readonly tableId: string;
  readonly table: TableDefinition;
}

export interface StoredPartition {
  readonly tableId: string;
  readonly partition: PartitionDefinition;
}

/** Tags of one resource: `catalog`, `database/<name>` or `table/<database>/<name>`. */
export interface StoredTags {
  readonly resource: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface CatalogDocuments {
  readonly databases: DatabaseDefinition;
  readonly tables: StoredTable;
  readonly tableVersions: StoredTableVersion;
  readonly partitions: StoredPartition;
  readonly tags: StoredTags;
}

export type CatalogCollection = keyof CatalogDocuments;

/** Puts a document (doc present) or deletes it (doc undefined). */
export type CatalogWrite = {
  [C in CatalogCollection]: { readonly collection: C; readonly key: string; readonly doc: CatalogDocuments[C] | undefined };
}[CatalogCollection];

export interface CatalogStore {
  /** Every document of a collection, in key order. */
  list<C extends CatalogCollection>(collection: C): Promise<Array<{ key: string; doc: CatalogDocuments[C] }>>;
  /** Applies the writes in order; durable when it resolves. */
  commit(writes: readonly CatalogWrite[]): Promise<void>;
}
