import type { CreateWorkGroupInput, CreateWorkGroupOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const createWorkGroup = ({ query }: AthenaDeps): Operation<CreateWorkGroupInput, CreateWorkGroupOutput> =>
  async (input) => {
    const c = input.Configuration;
    await query.workGroups.create({
      name: input.Name!,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      settings: {
        ...(c?.ResultConfiguration?.OutputLocation !== undefined ? { outputLocation: c.ResultConfiguration.OutputLocation } : {}),
        enforce: c?.EnforceWorkGroupConfiguration ?? true,
        ...(c?.BytesScannedCutoffPerQuery !== undefined ? { bytesScannedCutoff: c.BytesScannedCutoffPerQuery } : {}),
        publishMetrics: c?.PublishCloudWatchMetricsEnabled ?? true,
      },
      createdAtMs: Date.now(),
      tags: Object.fromEntries((input.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    });
    return {};
  };
