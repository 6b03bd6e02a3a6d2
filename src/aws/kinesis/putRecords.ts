import type { PutRecordsInput, PutRecordsOutput, PutRecordsResultEntry } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

const ERROR_CODE = {
  ThroughputExceeded: 'ProvisionedThroughputExceededException',
  StorageUnavailable: 'InternalFailure',
} as const;

export const putRecords = ({ streams }: KinesisDeps): Operation<PutRecordsInput, PutRecordsOutput> =>
  async (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const entries = input.Records!.map((r) => ({ partitionKey: r.PartitionKey!, explicitHashKey: r.ExplicitHashKey, data: r.Data! }));
    const results = await streams.putRecords(name, entries);
    let failed = 0;
    const records = new Array<PutRecordsResultEntry>(results.length);
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r.ok) {
        records[i] = { SequenceNumber: r.sequenceNumber, ShardId: r.shardId };
      } else {
        failed++;
        records[i] = { ErrorCode: ERROR_CODE[r.kind], ErrorMessage: r.message };
      }
    }
    return { FailedRecordCount: failed, Records: records, EncryptionType: streams.encryptionType(name) };
  };
