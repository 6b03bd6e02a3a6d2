import type { ListTopicsInput, ListTopicsResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, type SnsDeps } from './common.js';

export const listTopics = ({ topics }: SnsDeps): Operation<ListTopicsInput, ListTopicsResponse> =>
  (input) => {
    const page = topics.listTopics(decodeToken(input.NextToken));
    const next = encodeToken(page.next);
    return { Topics: page.topics.map((t) => ({ TopicArn: t.arn })), ...(next ? { NextToken: next } : {}) };
  };
