export { JqKeyExtractor, METADATA_EXTRACTION_FAILED, type KeyExtraction } from './JqKeyExtractor.js';
export type { JqEngine, JqFailure, JqRunResult } from './JqEngine.js';
export { JqRuntime } from './JqRuntime.js';
export { JqWorkerPool, type JqWorkerPoolOptions } from './JqWorkerPool.js';
export { PartitionKeyError, type PartitionKeyErrorKind } from './PartitionKeyError.js';
export { formatJq16Number } from './jq16Number.js';
