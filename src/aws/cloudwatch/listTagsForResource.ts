import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';

export const listTagsForResource = ({ alarms }: CloudWatchDeps): Operation<ListTagsForResourceInput, ListTagsForResourceOutput> =>
  (input) => ({ Tags: Object.entries(alarms.tagsOf(input.ResourceARN!)).map(([Key, Value]) => ({ Key, Value })) });
