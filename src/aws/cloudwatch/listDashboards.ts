import type { ListDashboardsInput, ListDashboardsOutput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { page, type CloudWatchDeps } from './common.js';
import { dashboardArn } from './getDashboard.js';

export const listDashboards = ({ dashboards }: CloudWatchDeps): Operation<ListDashboardsInput, ListDashboardsOutput> =>
  async (input, ctx) => {
    const { items, nextToken } = page(await dashboards.list(input.DashboardNamePrefix), input.NextToken, 1000);
    return {
      DashboardEntries: items.map((d) => ({
        DashboardName: d.name,
        DashboardArn: dashboardArn(ctx.accountId, d.name),
        LastModified: new Date(d.lastModifiedMs),
        Size: Buffer.byteLength(d.body),
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  };
