import type { DescribeStreamConsumerInput, DescribeStreamConsumerOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { streamArn, type KinesisDeps } from './common.js';
import { consumerArn, resolveConsumer } from './consumerArn.js';

export const describeStreamConsumer = ({ consumers }: KinesisDeps): Operation<DescribeStreamConsumerInput, DescribeStreamConsumerOutput> =>
  (input, ctx) => {
    const ref = resolveConsumer(input, ctx);
    const c = consumers.describe(ref.streamName, ref.consumerName, ref.createdSec);
    return {
      ConsumerDescription: {
        ConsumerName: c.name,
        ConsumerARN: consumerArn(ctx, c),
        ConsumerStatus: c.status,
        ConsumerCreationTimestamp: new Date(c.createdAtMs),
        StreamARN: streamArn(ctx, c.streamName),
      },
    };
  };
