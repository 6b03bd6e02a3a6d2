import type { CatalogDatabase, CatalogTableDetail, DeliveryStreamRow, StreamRow, TopicRow } from '../ConsoleApiTypes.js';
import type { ConsoleEngines } from '../ConsoleEngines.js';
import { notAvailable } from './ApiRequest.js';

/** Topics with their subscriptions (confirmation tokens are not shown). */
export function topicList(engines: ConsoleEngines): TopicRow[] {
  const topics = engines.topics;
  if (!topics) throw notAvailable('Topics');
  const out: TopicRow[] = [];
  let after: string | undefined;
  do {
    const page = topics.listTopics(after);
    for (const t of page.topics) {
      const subscriptions: TopicRow['subscriptions'] = [];
      let next: string | undefined;
      do {
        const subs = topics.listSubscriptionsByTopic(t.arn, next);
        for (const s of subs.subscriptions) subscriptions.push({ arn: s.arn, protocol: s.protocol, endpoint: s.endpoint, confirmed: s.confirmed });
        next = subs.next;
      } while (next !== undefined);
      out.push({ name: t.name, arn: t.arn, fifo: t.fifo, subscriptions });
    }
    after = page.next;
  } while (after !== undefined);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function streamList(engines: ConsoleEngines): StreamRow[] {
  const streams = engines.streams;
  if (!streams) throw notAvailable('Streams');
  const out: StreamRow[] = [];
  for (const name of streams.listStreams()) {
    try {
      const s = streams.summary(name);
      out.push({
        name,
        status: s.status,
        mode: s.mode,
        openShards: s.openShardCount,
        retentionHours: s.retentionHours,
        createdMs: s.createdAtMs,
        shards: streams.shards(name).map((sh) => ({
          shardId: sh.shardId,
          open: sh.closedAtMs === undefined,
          startingHashKey: sh.startingHashKey,
          endingHashKey: sh.endingHashKey,
        })),
      });
    } catch {
      // deleted between listing and reading: leave it out
    }
  }
  return out;
}

export function deliveryStreamList(engines: ConsoleEngines): DeliveryStreamRow[] {
  const delivery = engines.delivery;
  if (!delivery) throw notAvailable('Delivery streams');
  const out: DeliveryStreamRow[] = [];
  for (const s of delivery.status()) {
    let d;
    try {
      d = delivery.describe(s.name).destination;
    } catch {
      continue;
    }
    const format = d.formatConversion?.enabled ? d.formatConversion.serializer.kind : undefined;
    out.push({
      name: s.name,
      status: s.status,
      source: s.source,
      destination: `s3://${d.bucket}/${d.prefix ?? ''}`,
      bufferingSizeMiB: d.buffering.sizeMiB,
      bufferingIntervalSeconds: d.buffering.intervalSeconds,
      compression: d.compression,
      ...(format ? { format } : {}),
      ...(s.backlogRecords !== undefined ? { backlogRecords: s.backlogRecords } : {}),
      ...(s.bufferedRecords !== undefined ? { bufferedRecords: s.bufferedRecords } : {}),
      ...(s.dataFreshnessSeconds !== undefined ? { dataFreshnessSeconds: s.dataFreshnessSeconds } : {}),
      totals: s.metrics,
    });
  }
  return out;
}

/** Databases with their tables, in name order. */
export function catalogList(engines: ConsoleEngines): CatalogDatabase[] {
  const catalog = engines.catalog;
  if (!catalog) throw notAvailable('Catalog tables');
  return catalog.listDatabases().map((db) => ({
    name: db.name,
    ...(db.description ? { description: db.description } : {}),
    tables: catalog.listTables(db.name).map((t) => {
      const format = formatName(t.storage.serdeInfo?.serializationLibrary, t.storage.inputFormat);
      return {
        name: t.name,
        ...(t.storage.location ? { location: t.storage.location } : {}),
        ...(format ? { format } : {}),
        columns: t.storage.columns.length,
        partitionKeys: t.partitionKeys.map((k) => k.name),
      };
    }),
  }));
}

export function catalogTable(engines: ConsoleEngines, database: string, table: string): CatalogTableDetail {
  const catalog = engines.catalog;
  if (!catalog) throw notAvailable('Catalog tables');
  const t = catalog.describeTable(database, table);
  return {
    database: t.databaseName,
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    ...(t.tableType ? { tableType: t.tableType } : {}),
    ...(t.storage.location ? { location: t.storage.location } : {}),
    ...(t.storage.inputFormat ? { inputFormat: t.storage.inputFormat } : {}),
    ...(t.storage.serdeInfo?.serializationLibrary ? { serde: t.storage.serdeInfo.serializationLibrary } : {}),
    columns: t.storage.columns.map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) })),
    partitionKeys: t.partitionKeys.map((c) => ({ name: c.name, type: c.type })),
    partitionCount: catalog.partitionCount(t.databaseName, t.name),
    parameters: { ...t.parameters },
    updatedMs: t.updatedAtMs,
  };
}

/** A short name for a table's storage format, from its SerDe or input format class. */
export function formatName(serde: string | undefined, inputFormat: string | undefined): string | undefined {
  const text = `${serde ?? ''} ${inputFormat ?? ''}`.toLowerCase();
  if (text.includes('parquet')) return 'Parquet';
  if (text.includes('orc')) return 'ORC';
  if (text.includes('json')) return 'JSON';
  if (text.includes('csv') || text.includes('lazysimple') || text.includes('opencsv')) return 'CSV';
  if (text.includes('avro')) return 'Avro';
  if (text.includes('textinputformat')) return 'Text';
  return undefined;
}
