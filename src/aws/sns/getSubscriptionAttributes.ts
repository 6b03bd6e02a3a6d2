import type { GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const getSubscriptionAttributes = ({ topics }: SnsDeps): Operation<GetSubscriptionAttributesInput, GetSubscriptionAttributesResponse> =>
  (input) => ({ Attributes: topics.subscriptionAttributes(input.SubscriptionArn!) });
