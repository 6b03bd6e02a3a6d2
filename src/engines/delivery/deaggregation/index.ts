export { splitJsonObjects, type JsonSplitResult } from './jsonSplitter.js';
export { decodeKplRecord, encodeKplRecord, isKplAggregated, KPL_MAGIC, type KplDecodeResult, type UserRecord } from './kplAggregation.js';
export { ProtobufError, ProtoReader, ProtoWriter } from './protobuf.js';
export {
  appendNewline,
  deaggregateRecord,
  MAX_SUB_RECORDS,
  parseDelimiterParameter,
  type DeAggregationConfig,
  type DeAggregationResult,
} from './recordDeAggregation.js';
