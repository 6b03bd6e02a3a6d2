import type { EnableEnhancedMonitoringInput, EnhancedMonitoringOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import { resolveStreamName, streamArn, type KinesisDeps } from './common.js';

export const enableEnhancedMonitoring = ({ streams }: KinesisDeps): Operation<EnableEnhancedMonitoringInput, EnhancedMonitoringOutput> =>
  async (input, ctx) => {
    const name = resolveStreamName(input, ctx);
    const { current, desired } = await streams.setShardLevelMetrics(name, input.ShardLevelMetrics!, true);
    return { StreamName: name, StreamARN: streamArn(ctx, name), CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired };
  };
