import type { CreateTopicInput, CreateTopicResponse } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const createTopic = ({ topics }: SnsDeps): Operation<CreateTopicInput, CreateTopicResponse> =>
  async (input) => {
    const attributes = { ...(input.Attributes ?? {}) };
    if (input.DataProtectionPolicy !== undefined) attributes.DataProtectionPolicy = input.DataProtectionPolicy;
    const tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
    const topic = await topics.createTopic(input.Name!, attributes, tags);
    return { TopicArn: topic.arn };
  };
