import type Database from 'better-sqlite3';
import { glueService } from '../../aws/glue/index.js';
import { CatalogEngine } from '../../engines/catalog/CatalogEngine.js';
import { CatalogError } from '../../engines/catalog/CatalogError.js';
import type { TableInput } from '../../engines/catalog/inputs.js';
import type { CatalogCollection, CatalogDocuments, CatalogStore, CatalogWrite } from '../../engines/catalog/ports.js';
import type { CatalogTableConfig } from '../config/catalogSchema.js';
import type { AppContext } from './AppContext.js';

/**
 * The catalog's store in the metadata SQLite file: its own table, and one transaction per
 * commit, so a BatchCreatePartition of 100 partitions is one fsync instead of 100 (about
 * 5 ms each here). It belongs beside SqliteDocumentStore in src/adapters/embedded/metadata;
 * it lives here until that folder's owner takes it in.
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

/** A declared table as the engine takes it. */
export function tableInputOf(t: CatalogTableConfig): TableInput {
  const sd = t.storageDescriptor;
  return {
    name: t.name,
    description: t.description,
    owner: t.owner,
    tableType: t.tableType,
    retention: t.retention,
    parameters: t.parameters,
    partitionKeys: t.partitionKeys,
    storage: {
      location: sd.location,
      inputFormat: sd.inputFormat,
      outputFormat: sd.outputFormat,
      compressed: sd.compressed,
      numberOfBuckets: sd.numberOfBuckets,
      bucketColumns: sd.bucketColumns,
      sortColumns: sd.sortColumns,
      storedAsSubDirectories: sd.storedAsSubDirectories,
      parameters: sd.parameters,
      columns: sd.columns,
      serdeInfo: sd.serDeInfo,
    },
  };
}

/** The data catalog (Glue): the engine on the metadata store, the Glue facade, and the databases and tables the config declares. */
export async function wireCatalog(ctx: AppContext): Promise<void> {
  const { config, logger } = ctx;
  const catalog = await CatalogEngine.open(new SqliteCatalogStore(ctx.metadata.database), {
    onListenerError: (error) => logger.error('catalog change listener failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  });
  ctx.closeables.push(catalog);
  ctx.engines.catalog = catalog;
  ctx.services.push(glueService({ catalog }));

  for (const d of config.catalog.databases) {
    const existed = catalog.findDatabase(d.name) !== undefined;
    const outcome = await catalog.ensureDatabase({ name: d.name, description: d.description, locationUri: d.locationUri, parameters: d.parameters });
    if (!existed && Object.keys(d.tags).length > 0) await catalog.tagResource({ kind: 'database', databaseName: d.name }, d.tags);
    if (outcome !== 'unchanged') logger.info(`${outcome} database from config`, { database: d.name });
    for (const t of d.tables) {
      let result: string;
      try {
        result = await catalog.ensureTable(d.name, tableInputOf(t));
      } catch (e) {
        if (!(e instanceof CatalogError)) throw e;
        throw new Error(`catalog: the declared table ${d.name}.${t.name} cannot be applied: ${e.message}`);
      }
      if (result !== 'unchanged') logger.info(`${result} table from config`, { database: d.name, table: t.name });
    }
  }
}
