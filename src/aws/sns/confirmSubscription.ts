import type { ConfirmSubscriptionInput, ConfirmSubscriptionResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const confirmSubscription = ({ topics }: SnsDeps): Operation<ConfirmSubscriptionInput, ConfirmSubscriptionResponse> =>
  async (input, ctx) => {
    const s = await topics.confirmSubscription(input.TopicArn!, input.Token!, {
      authenticated: ctx.accessKeyId !== undefined,
      authenticateOnUnsubscribe: input.AuthenticateOnUnsubscribe === 'true',
    });
    return { SubscriptionArn: s.arn };
  };
