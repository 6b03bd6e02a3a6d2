import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import { groupFromArn, type LogsDeps } from './common.js';

export const listTagsForResource = ({ logs }: LogsDeps): Operation<ListTagsForResourceRequest, ListTagsForResourceResponse> =>
  async (input) => ({ tags: { ...(await logs.tags(groupFromArn(input.resourceArn!))) } });
