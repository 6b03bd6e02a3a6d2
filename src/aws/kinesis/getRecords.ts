import type { GetRecordsInput, GetRecordsOutput, _Record } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';

export const getRecords = ({ streams }: KinesisDeps): Operation<GetRecordsInput, GetRecordsOutput> =>
  async (input) => {
    const result = await streams.getRecords(input.ShardIterator!, input.Limit);
    const records = result.records.map(
      (r): _Record => ({
        SequenceNumber: r.sequenceNumber,
        ApproximateArrivalTimestamp: new Date(r.arrivalMs),
        Data: r.data,
        PartitionKey: r.partitionKey,
      }),
    );
    return {
      Records: records,
      ...(result.nextIterator !== undefined ? { NextShardIterator: result.nextIterator } : {}),
      MillisBehindLatest: result.millisBehindLatest,
      ...(result.childShards
        ? {
            ChildShards: result.childShards.map((c) => ({
              ShardId: c.shardId,
              ParentShards: c.parentShards,
              HashKeyRange: { StartingHashKey: c.startingHashKey, EndingHashKey: c.endingHashKey },
            })),
          }
        : {}),
    };
  };
