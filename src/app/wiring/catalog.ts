import { SqliteCatalogStore } from '../../adapters/embedded/metadata/SqliteCatalogStore.js';
import { glueService } from '../../aws/glue/index.js';
import { CatalogEngine } from '../../engines/catalog/CatalogEngine.js';
import { CatalogError } from '../../engines/catalog/CatalogError.js';
import type { TableInput } from '../../engines/catalog/inputs.js';
import type { CatalogTableConfig } from '../config/catalogSchema.js';
import type { AppContext } from './AppContext.js';

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
