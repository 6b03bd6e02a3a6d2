import type { ChildShard, GetRecordsInput, GetRecordsOutput, _Record } from '@aws-sdk/client-kinesis';
import type { GetRecordsResult, StreamRecordView } from '../../engines/streams/StreamsEngine.js';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';

export const getRecords = ({ streams }: KinesisDeps): Operation<GetRecordsInput, GetRecordsOutput> =>
  async (input) => {
    const result = await streams.getRecords(input.ShardIterator!, input.Limit);
    return {
      Records: result.records.map(recordShape),
      ...(result.nextIterator !== undefined ? { NextShardIterator: result.nextIterator } : {}),
      MillisBehindLatest: result.millisBehindLatest,
      ...(result.childShards ? { ChildShards: result.childShards.map(childShardShape) } : {}),
    };
  };

/** A record as GetRecords and SubscribeToShard show it. */
export function recordShape(r: StreamRecordView): _Record {
  return {
    SequenceNumber: r.sequenceNumber,
    ApproximateArrivalTimestamp: new Date(r.arrivalMs),
    Data: r.data,
    PartitionKey: r.partitionKey,
  };
}

export function childShardShape(c: NonNullable<GetRecordsResult['childShards']>[number]): ChildShard {
  return {
    ShardId: c.shardId,
    ParentShards: c.parentShards,
    HashKeyRange: { StartingHashKey: c.startingHashKey, EndingHashKey: c.endingHashKey },
  };
}
