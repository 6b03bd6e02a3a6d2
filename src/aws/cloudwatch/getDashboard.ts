import type { GetDashboardInput, GetDashboardOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';

/** Dashboards are global in CloudWatch: their ARNs name no region. */
export const dashboardArn = (accountId: string, name: string) => `arn:aws:cloudwatch::${accountId}:dashboard/${name}`;

export const getDashboard = ({ dashboards }: CloudWatchDeps): Operation<GetDashboardInput, GetDashboardOutput> =>
  async (input, ctx) => {
    const d = await dashboards.get(input.DashboardName!);
    return { DashboardArn: dashboardArn(ctx.accountId, d.name), DashboardBody: d.body, DashboardName: d.name };
  };
