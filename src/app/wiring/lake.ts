import { FileObjectStore } from '../../adapters/embedded/objectstore/FileObjectStore.js';
import { Lake } from '../../engines/lake/Lake.js';
import type { AppContext } from './AppContext.js';

/** The lake: buckets of objects as plain files under <dataDir>/lake, and the buckets the config declares. */
export async function wireLake(ctx: AppContext): Promise<void> {
  const store = await FileObjectStore.open({ dataDir: ctx.dataDir });
  ctx.closeables.push(store);
  const lake = new Lake(store);
  ctx.engines.lake = lake;
  for (const bucket of ctx.config.buckets) {
    await lake.ensureBucket(bucket.name);
  }
}
