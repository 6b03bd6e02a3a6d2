import type { UpdateShardCountInput, UpdateShardCountOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, streamArn, type KinesisDeps } from './common.js';

export const updateShardCount = ({ streams }: KinesisDeps): Operation<UpdateShardCountInput, UpdateShardCountOutput> =>
  async (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const { current, target } = await streams.updateShardCount(name, input.TargetShardCount!);
    return { StreamName: name, StreamARN: streamArn(ctx, name), CurrentShardCount: current, TargetShardCount: target };
  };
