import type { DeleteStreamInput } from '@aws-sdk/client-kinesis';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const deleteStream = ({ streams, consumers }: KinesisDeps): Operation<DeleteStreamInput, Record<string, never>> =>
  async (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    if (!input.EnforceConsumerDeletion && consumers.count(name) > 0) {
      // AWS keeps a stream that has registered consumers unless the caller insists; their consumers go with it.
      throw new AwsError('ResourceInUseException', `Stream ${name} under account ${ctx.accountId} has registered consumers; deregister them or set EnforceConsumerDeletion.`);
    }
    await streams.deleteStream(name);
    return {};
  };
