import type { SetSubscriptionAttributesInput } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const setSubscriptionAttributes = ({ topics }: SnsDeps): Operation<SetSubscriptionAttributesInput, Record<string, never>> =>
  async (input) => {
    await topics.setSubscriptionAttribute(input.SubscriptionArn!, input.AttributeName!, input.AttributeValue ?? '');
    return {};
  };
