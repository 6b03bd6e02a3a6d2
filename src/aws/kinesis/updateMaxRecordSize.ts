import type { UpdateMaxRecordSizeInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const updateMaxRecordSize = ({ streams }: KinesisDeps): Operation<UpdateMaxRecordSizeInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.updateMaxRecordSize(resolveStreamName({ StreamARN: input.StreamARN }, ctx), input.MaxRecordSizeInKiB!);
    return {};
  };
