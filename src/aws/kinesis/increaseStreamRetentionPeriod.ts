import type { IncreaseStreamRetentionPeriodInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';

export const increaseStreamRetentionPeriod = ({ streams }: KinesisDeps): Operation<IncreaseStreamRetentionPeriodInput, Record<string, never>> =>
  async (input, ctx) => {
    await streams.increaseRetention(resolveStreamName(input, ctx), input.RetentionPeriodHours!);
    return {};
  };
