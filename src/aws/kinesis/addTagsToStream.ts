import type { AddTagsToStreamInput } from '@aws-sdk/client-kinesis';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

/** Tag keys and values may hold Unicode letters, digits, white space and _ . / = + - % @ (AWS's rule). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@%]*$/u;
const MAX_TAGS_PER_CALL = 10;

export function checkTags(tags: Record<string, string>, name: string, accountId: string): void {
  for (const [k, v] of Object.entries(tags)) {
    if (!TAG_TEXT.test(k) || !TAG_TEXT.test(v)) {
      throw new AwsError(
        'InvalidArgumentException',
        `Failed to add tags to stream ${name} under account ${accountId} because some tags contained illegal characters. The allowed characters are Unicode letters, digits, white space, _ . / = + - % @.`,
      );
    }
  }
}

export const addTagsToStream = ({ streams }: KinesisDeps): Operation<AddTagsToStreamInput, Record<string, never>> =>
  async (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const tags = input.Tags ?? {};
    if (Object.keys(tags).length > MAX_TAGS_PER_CALL) {
      throw new AwsError('InvalidArgumentException', `Failed to add tags to stream ${name} under account ${ctx.accountId} because a request can add at most ${MAX_TAGS_PER_CALL} tags.`);
    }
    checkTags(tags, name, ctx.accountId);
    await streams.addTags(name, tags);
    return {};
  };
