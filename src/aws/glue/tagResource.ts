import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { resourceOfArn, type GlueDeps } from './common.js';

/** Tags the catalog, a database or a table (by ARN). */
export const tagResource = ({ catalog }: GlueDeps): Operation<TagResourceRequest, TagResourceResponse> =>
  async (input, ctx) => {
    await catalog.tagResource(resourceOfArn(input.ResourceArn!, ctx), input.TagsToAdd ?? {});
    return {};
  };
