import type { SubscribeInput, SubscribeResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

/** SNS answers "pending confirmation" for a subscription still to be confirmed, unless ReturnSubscriptionArn. */
export const subscribe = ({ topics }: SnsDeps): Operation<SubscribeInput, SubscribeResponse> =>
  async (input) => {
    const s = await topics.subscribe(input.TopicArn!, input.Protocol!, input.Endpoint, input.Attributes ?? {});
    return { SubscriptionArn: s.confirmed || input.ReturnSubscriptionArn === true ? s.arn : 'pending confirmation' };
  };
