import { compileHiveTimestampReader } from './hiveTimestamp.js';
import type { JsonSerDeOptions } from './types.js';
import type { SerDeRules } from './valueConverters.js';

/** A deserializer's options resolved to plain data, which crosses to the normaliser workers. */
export interface SerDeSettings {
  caseInsensitive: boolean;
  /** Column → JSON key, the key lower-cased when matching ignores case. */
  mappings: Array<[string, string]>;
  convertDots: boolean;
  /** Set for the Hive JSON SerDe. */
  hive?: { timestampFormats: string[] };
}

/** Resolves defaults: OpenX matches keys case-insensitively unless told not to; Hive always does. */
export function serDeSettings(options: JsonSerDeOptions): SerDeSettings {
  if (options.kind === 'hive') {
    return { caseInsensitive: true, mappings: [], convertDots: false, hive: { timestampFormats: [...(options.timestampFormats ?? [])] } };
  }
  const caseInsensitive = options.caseInsensitive ?? true;
  // Column names are lower-case in Glue; the SerDe lower-cases mapped keys when matching ignores case.
  const mappings = Object.entries(options.columnToJsonKeyMappings ?? {}).map(
    ([column, key]): [string, string] => [column.toLowerCase(), caseInsensitive ? key.toLowerCase() : key],
  );
  return { caseInsensitive, mappings, convertDots: options.convertDotsInJsonKeysToUnderscores ?? false };
}

/** The rules the converters run by; throws JodaPatternError for an unusable timestamp format. */
export function serDeRules(settings: SerDeSettings): SerDeRules {
  return {
    caseInsensitive: settings.caseInsensitive,
    mappings: new Map(settings.mappings),
    convertDots: settings.convertDots,
    ...(settings.hive ? { hive: { readTimestamp: compileHiveTimestampReader(settings.hive.timestampFormats) } } : {}),
  };
}
