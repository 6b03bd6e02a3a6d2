import type { GetTopicAttributesInput, GetTopicAttributesResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const getTopicAttributes = ({ topics }: SnsDeps): Operation<GetTopicAttributesInput, GetTopicAttributesResponse> =>
  (input) => ({ Attributes: topics.topicAttributes(input.TopicArn!) });
