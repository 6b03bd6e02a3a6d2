import type { SplitShardInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const splitShard = ({ streams }: KinesisDeps): Operation<SplitShardInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.splitShard(resolveStreamName(input, ctx), input.ShardToSplit!, input.NewStartingHashKey!);
    return {};
  };
