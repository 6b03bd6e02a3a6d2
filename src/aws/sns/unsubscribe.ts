import type { UnsubscribeInput } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const unsubscribe = ({ topics }: SnsDeps): Operation<UnsubscribeInput, Record<string, never>> =>
  async (input) => {
    await topics.unsubscribe(input.SubscriptionArn!, { authenticated: true });
    return {};
  };
