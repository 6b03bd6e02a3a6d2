import type { ListTagsLogGroupRequest, ListTagsLogGroupResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../wire/Service.js';
import type { LogsDeps } from './common.js';

export const listTagsLogGroup = ({ logs }: LogsDeps): Operation<ListTagsLogGroupRequest, ListTagsLogGroupResponse> =>
  async (input) => ({ tags: { ...(await logs.tags(input.logGroupName!)) } });
