import type { MergeShardsInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const mergeShards = ({ streams }: KinesisDeps): Operation<MergeShardsInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.mergeShards(resolveStreamName(input, ctx), input.ShardToMerge!, input.AdjacentShardToMerge!);
    return {};
  };
