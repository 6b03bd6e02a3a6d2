import type { ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, listedSubscription, type SnsDeps } from './common.js';

export const listSubscriptionsByTopic = ({ topics }: SnsDeps): Operation<ListSubscriptionsByTopicInput, ListSubscriptionsByTopicResponse> =>
  (input) => {
    const page = topics.listSubscriptionsByTopic(input.TopicArn!, decodeToken(input.NextToken));
    const next = encodeToken(page.next);
    return { Subscriptions: page.subscriptions.map(listedSubscription), ...(next ? { NextToken: next } : {}) };
  };
