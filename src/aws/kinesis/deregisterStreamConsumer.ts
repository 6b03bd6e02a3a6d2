import type { DeregisterStreamConsumerInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';
import { resolveConsumer } from './consumerArn.js';

export const deregisterStreamConsumer = ({ consumers }: KinesisDeps): Operation<DeregisterStreamConsumerInput, Record<string, never>> =>
  async (input, ctx) => {
    const ref = resolveConsumer(input, ctx);
    await consumers.deregister(ref.streamName, ref.consumerName, ref.createdSec);
    return {};
  };
