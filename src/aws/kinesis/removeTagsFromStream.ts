import type { RemoveTagsFromStreamInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const removeTagsFromStream = ({ streams }: KinesisDeps): Operation<RemoveTagsFromStreamInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.removeTags(resolveStreamName(input, ctx), input.TagKeys ?? []);
    return {};
  };
