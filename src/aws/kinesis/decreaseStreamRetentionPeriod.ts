import type { DecreaseStreamRetentionPeriodInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const decreaseStreamRetentionPeriod = ({ streams }: KinesisDeps): Operation<DecreaseStreamRetentionPeriodInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.decreaseRetention(resolveStreamName(input, ctx), input.RetentionPeriodHours!);
    return {};
  };
