import type { DeleteTopicInput } from '@aws-sdk/client-sns';
import type { Operation } from '../wire/Service.js';
import type { SnsDeps } from './common.js';

export const deleteTopic = ({ topics }: SnsDeps): Operation<DeleteTopicInput, Record<string, never>> =>
  async (input) => {
    await topics.deleteTopic(input.TopicArn!);
    return {};
  };
