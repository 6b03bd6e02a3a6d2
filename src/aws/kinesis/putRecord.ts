import type { PutRecordInput, PutRecordOutput } from '@aws-sdk/client-kinesis';
import { StreamsError } from '../../engines/streams/StreamsError.js';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const putRecord = ({ streams }: KinesisDeps): Operation<PutRecordInput, PutRecordOutput> =>
  async (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const [result] = await streams.putRecords(name, [
      { partitionKey: input.PartitionKey!, explicitHashKey: input.ExplicitHashKey, data: input.Data! },
    ]);
    if (!result!.ok) throw new StreamsError(result!.kind, result!.message);
    return { ShardId: result!.shardId, SequenceNumber: result!.sequenceNumber, EncryptionType: streams.encryptionType(name) };
  };
