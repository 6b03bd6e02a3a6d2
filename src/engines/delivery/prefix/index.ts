export { compileDatePattern, type DatePattern, type DatePatternResult } from './datePattern.js';
export {
  nextRandomString,
  nextUuid,
  objectUuidFor,
  prefixRandomFor,
  SeededRandom,
  uuidV4FromBytes,
  type RandomSource,
} from './deterministicRandom.js';
export { objectKeyFor, objectName, type ObjectKeyRequest, type ObjectNameParts } from './objectName.js';
export {
  compilePrefix,
  compileS3Prefixes,
  DEFAULT_TIME_PATTERN,
  defaultErrorPrefixFor,
  ERROR_PREFIX_REQUIRED_MESSAGE,
  evaluatePrefix,
  KNOWN_ERROR_OUTPUT_TYPES,
  MAX_EVALUATED_PREFIX_LENGTH,
  MAX_PREFIX_LENGTH,
  partitionKeysOf,
  type CompileResult,
  type EvaluateResult,
  type PartitionKeySource,
  type PrefixContext,
  type PrefixKind,
  type PrefixOptions,
  type PrefixSegment,
  type PrefixTemplate,
  type S3PrefixConfig,
  type S3PrefixesResult,
} from './prefixTemplate.js';
export { DEFAULT_TIME_ZONE, isKnownTimeZone, offsetSecondsAt, zonedFields, type ZonedFields } from './zonedTime.js';
