import type { SetTopicAttributesInput } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const setTopicAttributes = ({ topics }: SnsDeps): Operation<SetTopicAttributesInput, Record<string, never>> =>
  async (input) => {
    await topics.setTopicAttribute(input.TopicArn!, input.AttributeName!, input.AttributeValue ?? '');
    return {};
  };
