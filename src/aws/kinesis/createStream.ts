import type { CreateStreamInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';

export const createStream = ({ streams }: KinesisDeps): Operation<CreateStreamInput, Record<string, never>> =>
  async (input) => {
    await streams.createStream({
      name: input.StreamName!,
      shardCount: input.ShardCount,
      mode: input.StreamModeDetails?.StreamMode,
      tags: input.Tags,
      maxRecordSizeKiB: input.MaxRecordSizeInKiB,
    });
    return {};
  };
