import { kinesisModel } from '../models/kinesis.js';
import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import { addTagsToStream } from './addTagsToStream.js';
import type { KinesisDeps } from './common.js';
import { createStream } from './createStream.js';
import { decreaseStreamRetentionPeriod } from './decreaseStreamRetentionPeriod.js';
import { deleteResourcePolicy } from './deleteResourcePolicy.js';
import { deleteStream } from './deleteStream.js';
import { deregisterStreamConsumer } from './deregisterStreamConsumer.js';
import { describeLimits } from './describeLimits.js';
import { describeStream } from './describeStream.js';
import { describeStreamConsumer } from './describeStreamConsumer.js';
import { describeStreamSummary } from './describeStreamSummary.js';
import { disableEnhancedMonitoring } from './disableEnhancedMonitoring.js';
import { enableEnhancedMonitoring } from './enableEnhancedMonitoring.js';
import { kinesisError } from './errors.js';
import { getRecords } from './getRecords.js';
import { getResourcePolicy } from './getResourcePolicy.js';
import { getShardIterator } from './getShardIterator.js';
import { increaseStreamRetentionPeriod } from './increaseStreamRetentionPeriod.js';
import { listShards } from './listShards.js';
import { listStreamConsumers } from './listStreamConsumers.js';
import { listStreams } from './listStreams.js';
import { listTagsForResource } from './listTagsForResource.js';
import { listTagsForStream } from './listTagsForStream.js';
import { mergeShards } from './mergeShards.js';
import { putRecord } from './putRecord.js';
import { putRecords } from './putRecords.js';
import { putResourcePolicy } from './putResourcePolicy.js';
import { registerStreamConsumer } from './registerStreamConsumer.js';
import { removeTagsFromStream } from './removeTagsFromStream.js';
import { splitShard } from './splitShard.js';
import { startStreamEncryption } from './startStreamEncryption.js';
import { stopStreamEncryption } from './stopStreamEncryption.js';
import { subscribeToShard } from './subscribeToShard.js';
import { tagResource } from './tagResource.js';
import { untagResource } from './untagResource.js';
import { updateShardCount } from './updateShardCount.js';
import { updateMaxRecordSize } from './updateMaxRecordSize.js';
import { updateStreamMode } from './updateStreamMode.js';

/** The supported Kinesis Data Streams operations (docs/services/kinesis.md lists them too). */
const OPERATIONS = {
  AddTagsToStream: addTagsToStream,
  CreateStream: createStream,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  DeleteResourcePolicy: deleteResourcePolicy,
  DeleteStream: deleteStream,
  DeregisterStreamConsumer: deregisterStreamConsumer,
  DescribeLimits: describeLimits,
  DescribeStream: describeStream,
  DescribeStreamConsumer: describeStreamConsumer,
  DescribeStreamSummary: describeStreamSummary,
  DisableEnhancedMonitoring: disableEnhancedMonitoring,
  EnableEnhancedMonitoring: enableEnhancedMonitoring,
  GetRecords: getRecords,
  GetResourcePolicy: getResourcePolicy,
  GetShardIterator: getShardIterator,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  ListShards: listShards,
  ListStreamConsumers: listStreamConsumers,
  ListStreams: listStreams,
  ListTagsForResource: listTagsForResource,
  ListTagsForStream: listTagsForStream,
  MergeShards: mergeShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  PutResourcePolicy: putResourcePolicy,
  RegisterStreamConsumer: registerStreamConsumer,
  RemoveTagsFromStream: removeTagsFromStream,
  SplitShard: splitShard,
  StartStreamEncryption: startStreamEncryption,
  StopStreamEncryption: stopStreamEncryption,
  SubscribeToShard: subscribeToShard,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateShardCount: updateShardCount,
  UpdateMaxRecordSize: updateMaxRecordSize,
  UpdateStreamMode: updateStreamMode,
} as const;

export const KINESIS_OPERATIONS = Object.keys(OPERATIONS);

export function kinesisService(deps: KinesisDeps): ServiceDefinition {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  return { model: kinesisModel, operations, mapError: kinesisError };
}
