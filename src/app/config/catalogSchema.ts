import { z } from 'zod';
import { hiveTypeProblem, isPrimitive, parseHiveType } from '../../engines/catalog/HiveType.js';

/**
 * `catalog:` in lakehose.yaml: Glue databases and tables that exist at start, spelled as
 * Terraform's aws_glue_catalog_database / aws_glue_catalog_table spell them (in camelCase:
 * storage_descriptor → storageDescriptor, ser_de_info → serDeInfo …). The file is the
 * source of truth for the tables it declares: a declared table that differs from its
 * declaration is updated (a new table version) at start.
 */
const glueName = (what: string) =>
  z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\t\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u, `must be a valid Glue ${what} name (one line of text)`);

/** Terraform writes `"serialization.format" = 1`; Glue stores every parameter as text. */
const parameters = z.record(z.string().min(1).max(255), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({});

const hiveType = z
  .string()
  .min(1)
  .superRefine((t, ctx) => {
    const problem = hiveTypeProblem(t);
    if (problem) ctx.addIssue({ code: 'custom', message: `not a Hive type: ${problem}` });
  });

export const catalogColumnSchema = z.strictObject({
  name: glueName('column').describe('Column name; Glue stores it in lower case.'),
  type: hiveType.describe('A Hive type: string, int, bigint, double, timestamp, decimal(10,2), array<string>, map<string,int>, struct<a:int,b:string> …'),
  comment: z.string().max(255).optional().describe('Free-form comment.'),
  parameters: parameters.optional().describe('Column properties.'),
});

export const serDeInfoSchema = z.strictObject({
  name: z.string().optional().describe('SerDe name (Terraform: ser_de_info.name).'),
  serializationLibrary: z.string().optional().describe('SerDe class, e.g. org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe.'),
  parameters: parameters.describe('SerDe properties, e.g. serialization.format: 1.'),
});

export const storageDescriptorSchema = z.strictObject({
  /** s3://bucket/prefix/ — where the table's objects live in the lake. */
  location: z.string().max(2056).optional().describe("Where the table's objects are: s3://bucket/prefix/."),
  inputFormat: z.string().max(128).optional().describe('Hadoop input format class.'),
  outputFormat: z.string().max(128).optional().describe('Hadoop output format class.'),
  compressed: z.boolean().optional().describe('Whether the data is compressed.'),
  numberOfBuckets: z.number().int().optional().describe('Bucket count of a bucketed table.'),
  bucketColumns: z.array(z.string()).optional().describe('Bucketing columns.'),
  sortColumns: z.array(z.strictObject({ column: z.string(), sortOrder: z.number().int().min(0).max(1) })).optional().describe('Sort order per bucket (1 ascending, 0 descending).'),
  storedAsSubDirectories: z.boolean().optional().describe('Whether the data is stored in subdirectories.'),
  serDeInfo: serDeInfoSchema.optional().describe('Serialization library and its properties.'),
  parameters: parameters.optional().describe('Storage descriptor properties.'),
  columns: z.array(catalogColumnSchema).default([]).describe('The columns, in order.'),
});

function noDuplicates<T>(items: readonly T[], key: (t: T) => string, what: string, ctx: z.RefinementCtx, path: (string | number)[]) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item).toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [...path, i, 'name'], message: `${what} '${key(item)}' is declared twice (Glue names ignore case)` });
    else seen.set(k, i);
  });
}

export const catalogTableSchema = z
  .strictObject({
    name: glueName('table').describe('Table name; Glue stores it in lower case.'),
    description: z.string().max(2048).optional().describe('Free-form description.'),
    owner: z.string().max(255).optional().describe('Owner (kept for Hive compatibility).'),
    tableType: z.string().max(255).default('EXTERNAL_TABLE').describe('EXTERNAL_TABLE for tables over the lake (what Terraform and Athena create).'),
    retention: z.number().int().min(0).optional().describe('Retention (kept, not enforced, as in Glue).'),
    parameters: parameters.describe('Table properties, e.g. EXTERNAL: "TRUE", classification, projection.*, storage.location.template.'),
    storageDescriptor: storageDescriptorSchema.prefault({}).describe('Location, formats, SerDe and columns (Terraform: storage_descriptor).'),
    partitionKeys: z.array(catalogColumnSchema).default([]).describe('Partition keys, in order (primitive types only).'),
  })
  .superRefine((t, ctx) => {
    noDuplicates(t.storageDescriptor.columns, (c) => c.name, 'column', ctx, ['storageDescriptor', 'columns']);
    noDuplicates(t.partitionKeys, (c) => c.name, 'partition key', ctx, ['partitionKeys']);
    const columns = new Set(t.storageDescriptor.columns.map((c) => c.name.toLowerCase()));
    t.partitionKeys.forEach((k, i) => {
      if (columns.has(k.name.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['partitionKeys', i, 'name'], message: `partition key '${k.name}' is also a column` });
      if (!hiveTypeProblem(k.type) && !isPrimitive(parseHiveType(k.type))) {
        ctx.addIssue({ code: 'custom', path: ['partitionKeys', i, 'type'], message: 'partition keys must have a primitive type' });
      }
    });
  });

export const catalogDatabaseSchema = z
  .strictObject({
    name: glueName('database').describe('Database name; Glue stores it in lower case.'),
    description: z.string().max(2048).optional().describe('Free-form description.'),
    locationUri: z.string().min(1).max(1024).optional().describe('Default location of the tables (informational).'),
    parameters: parameters.describe('Database properties.'),
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}).describe('Tags, as TagResource sets them (applied when the database is created).'),
    tables: z.array(catalogTableSchema).default([]).describe('Tables of this database that exist at start.'),
  })
  .superRefine((d, ctx) => noDuplicates(d.tables, (t) => t.name, 'table', ctx, ['tables']));

export const catalogSchema = z
  .strictObject({
    databases: z.array(catalogDatabaseSchema).default([]).describe('Glue databases that exist at start, with their tables.'),
  })
  .superRefine((c, ctx) => noDuplicates(c.databases, (d) => d.name, 'database', ctx, ['databases']))
  .prefault({});

export type CatalogConfig = z.infer<typeof catalogSchema>;
export type CatalogTableConfig = z.infer<typeof catalogTableSchema>;
export type CatalogDatabaseConfig = z.infer<typeof catalogDatabaseSchema>;
