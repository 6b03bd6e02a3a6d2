import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { resourceOfArn, type GlueDeps } from './common.js';

export const untagResource = ({ catalog }: GlueDeps): Operation<UntagResourceRequest, UntagResourceResponse> =>
  async (input, ctx) => {
    await catalog.untagResource(resourceOfArn(input.ResourceArn!, ctx), input.TagsToRemove ?? []);
    return {};
  };
