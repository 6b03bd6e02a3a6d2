import type { PutRecordBatchInput, PutRecordBatchOutput, PutRecordBatchResponseEntry } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

const ERROR_CODE = {
  Unavailable: 'ServiceUnavailableException',
  StorageFailed: 'InternalFailure',
} as const;

/** Partial failure is a result: one entry per record, in order, with a failed count (callers retry the failed ones). */
export const putRecordBatch = ({ delivery }: FirehoseDeps): Operation<PutRecordBatchInput, PutRecordBatchOutput> =>
  async (input) => {
    const results = await delivery.put(input.DeliveryStreamName!, input.Records!.map((r) => r.Data!), 'PutRecordBatch');
    let failed = 0;
    const responses = new Array<PutRecordBatchResponseEntry>(results.length);
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r.ok) responses[i] = { RecordId: r.recordId };
      else {
        failed++;
        responses[i] = { ErrorCode: ERROR_CODE[r.kind], ErrorMessage: r.message };
      }
    }
    return { FailedPutCount: failed, Encrypted: false, RequestResponses: responses };
  };
