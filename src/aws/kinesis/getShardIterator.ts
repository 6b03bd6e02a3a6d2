import type { GetShardIteratorInput, GetShardIteratorOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const getShardIterator = ({ streams }: KinesisDeps): Operation<GetShardIteratorInput, GetShardIteratorOutput> =>
  async (input, ctx) => {
    const iterator = await streams.getShardIterator(resolveStreamName(input, ctx), input.ShardId!, input.ShardIteratorType!, {
      sequenceNumber: input.StartingSequenceNumber,
      timestampMs: input.Timestamp?.getTime(),
    });
    return { ShardIterator: iterator };
  };
