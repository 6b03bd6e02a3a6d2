import type { PutDashboardInput, PutDashboardOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';

export const putDashboard = ({ dashboards }: CloudWatchDeps): Operation<PutDashboardInput, PutDashboardOutput> =>
  async (input) => {
    await dashboards.put(input.DashboardName!, input.DashboardBody!);
    return { DashboardValidationMessages: [] };
  };
