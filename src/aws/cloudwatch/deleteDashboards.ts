import type { DeleteDashboardsInput, DeleteDashboardsOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { missingParameter, type CloudWatchDeps } from './common.js';

export const deleteDashboards = ({ dashboards }: CloudWatchDeps): Operation<DeleteDashboardsInput, DeleteDashboardsOutput> =>
  async (input) => {
    if (input.DashboardNames === undefined) throw missingParameter('DashboardNames');
    await dashboards.delete(input.DashboardNames);
    return {};
  };
