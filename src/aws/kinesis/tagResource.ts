import type { TagResourceInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { checkTags } from './addTagsToStream.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const tagResource = ({ streams }: KinesisDeps): Operation<TagResourceInput, Record<string, never>> =>
  async (input, ctx) => {
    const name = resolveStreamName({ StreamARN: input.ResourceARN }, ctx);
    checkTags(input.Tags ?? {}, name, ctx.accountId);
    await streams.addTags(name, input.Tags ?? {});
    return {};
  };
