import type { UntagResourceRequest } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';
import { resourceNotFound } from './tagErrors.js';

export const untagResource = ({ topics }: SnsDeps): Operation<UntagResourceRequest, Record<string, never>> =>
  async (input) => {
    await resourceNotFound(() => topics.untagResource(input.ResourceArn!, input.TagKeys ?? []));
    return {};
  };
