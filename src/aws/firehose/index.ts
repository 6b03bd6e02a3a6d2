import { firehoseModel } from '../models/firehose.js';
import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';
import { createDeliveryStream } from './createDeliveryStream.js';
import { deleteDeliveryStream } from './deleteDeliveryStream.js';
import { describeDeliveryStream } from './describeDeliveryStream.js';
import { firehoseError } from './errors.js';
import { listDeliveryStreams } from './listDeliveryStreams.js';
import { listTagsForDeliveryStream } from './listTagsForDeliveryStream.js';
import { putRecord } from './putRecord.js';
import { putRecordBatch } from './putRecordBatch.js';
import { startDeliveryStreamEncryption } from './startDeliveryStreamEncryption.js';
import { stopDeliveryStreamEncryption } from './stopDeliveryStreamEncryption.js';
import { tagDeliveryStream } from './tagDeliveryStream.js';
import { untagDeliveryStream } from './untagDeliveryStream.js';
import { updateDestination } from './updateDestination.js';

/** The supported Firehose operations (docs/services/firehose.md lists them too): all of AWS's. */
const OPERATIONS = {
  CreateDeliveryStream: createDeliveryStream,
  DeleteDeliveryStream: deleteDeliveryStream,
  DescribeDeliveryStream: describeDeliveryStream,
  ListDeliveryStreams: listDeliveryStreams,
  ListTagsForDeliveryStream: listTagsForDeliveryStream,
  PutRecord: putRecord,
  PutRecordBatch: putRecordBatch,
  StartDeliveryStreamEncryption: startDeliveryStreamEncryption,
  StopDeliveryStreamEncryption: stopDeliveryStreamEncryption,
  TagDeliveryStream: tagDeliveryStream,
  UntagDeliveryStream: untagDeliveryStream,
  UpdateDestination: updateDestination,
} as const;

export const FIREHOSE_OPERATIONS = Object.keys(OPERATIONS);

export function firehoseService(deps: FirehoseDeps): ServiceDefinition {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  return { model: firehoseModel, operations, mapError: firehoseError };
}
