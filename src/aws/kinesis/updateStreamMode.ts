import type { UpdateStreamModeInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const updateStreamMode = ({ streams }: KinesisDeps): Operation<UpdateStreamModeInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.updateStreamMode(resolveStreamName({ StreamARN: input.StreamARN }, ctx), input.StreamModeDetails!.StreamMode!);
    return {};
  };
