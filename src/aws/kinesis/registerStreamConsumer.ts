import type { RegisterStreamConsumerInput, RegisterStreamConsumerOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';
import { consumerArn } from './consumerArn.js';

export const registerStreamConsumer = ({ consumers }: KinesisDeps): Operation<RegisterStreamConsumerInput, RegisterStreamConsumerOutput> =>
  async (input, ctx) => {
    const c = await consumers.register(resolveStreamName({ StreamARN: input.StreamARN }, ctx), input.ConsumerName!);
    return {
      Consumer: {
        ConsumerName: c.name,
        ConsumerARN: consumerArn(ctx, c),
        ConsumerStatus: c.status,
        ConsumerCreationTimestamp: new Date(c.createdAtMs),
      },
    };
  };
