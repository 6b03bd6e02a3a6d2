import type { DeleteStreamInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const deleteStream = ({ streams }: KinesisDeps): Operation<DeleteStreamInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.deleteStream(resolveStreamName(input, ctx));
    return {};
  };
