import type { BatchResultErrorEntry, PublishBatchInput, PublishBatchResponse, PublishBatchResultEntry } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import { publishRequest, type SnsDeps } from './common.js';
import { snsErrorShape, snsWireCode } from './errors.js';

/** Each entry succeeds or fails on its own (Failed carries the code, message and SenderFault). */
export const publishBatch = ({ topics }: SnsDeps): Operation<PublishBatchInput, PublishBatchResponse> =>
  async (input) => {
    const entries = (input.PublishBatchRequestEntries ?? []).map((e) => ({ id: e.Id ?? '', request: publishRequest(e) }));
    const outcomes = await topics.publishBatch(input.TopicArn!, entries);
    const Successful: PublishBatchResultEntry[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const o of outcomes) {
      if ('result' in o) {
        Successful.push({ Id: o.id, MessageId: o.result.messageId, ...(o.result.sequenceNumber !== undefined ? { SequenceNumber: o.result.sequenceNumber } : {}) });
      } else {
        const shape = snsErrorShape(o.error.kind);
        Failed.push({ Id: o.id, Code: snsWireCode(shape), Message: o.error.message, SenderFault: o.error.kind !== 'StorageUnavailable' });
      }
    }
    return { Successful, Failed };
  };
