import type { ListSubscriptionsInput, ListSubscriptionsResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, listedSubscription, type SnsDeps } from './common.js';

export const listSubscriptions = ({ topics }: SnsDeps): Operation<ListSubscriptionsInput, ListSubscriptionsResponse> =>
  (input) => {
    const page = topics.listSubscriptions(decodeToken(input.NextToken));
    const next = encodeToken(page.next);
    return { Subscriptions: page.subscriptions.map(listedSubscription), ...(next ? { NextToken: next } : {}) };
  };
