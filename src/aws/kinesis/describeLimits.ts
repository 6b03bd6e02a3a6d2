import type { DescribeLimitsInput, DescribeLimitsOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';

export const describeLimits = ({ streams }: KinesisDeps): Operation<DescribeLimitsInput, DescribeLimitsOutput> =>
  () => {
    const l = streams.limits();
    return {
      ShardLimit: l.shardLimit,
      OpenShardCount: l.openShardCount,
      OnDemandStreamCount: l.onDemandStreamCount,
      OnDemandStreamCountLimit: l.onDemandStreamLimit,
    };
  };
