import type { UntagResourceInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const untagResource = ({ streams }: KinesisDeps): Operation<UntagResourceInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.removeTags(resolveStreamName({ StreamARN: input.ResourceARN }, ctx), input.TagKeys ?? []);
    return {};
  };
