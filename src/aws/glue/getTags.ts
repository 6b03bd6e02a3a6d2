import type { GetTagsRequest, GetTagsResponse } from '@aws-sdk/client-glue';
import type { Operation } from '../wire/Service.js';
import { resourceOfArn, type GlueDeps } from './common.js';

export const getTags = ({ catalog }: GlueDeps): Operation<GetTagsRequest, GetTagsResponse> =>
  (input, ctx) => ({ Tags: { ...catalog.getTags(resourceOfArn(input.ResourceArn!, ctx)) } });
