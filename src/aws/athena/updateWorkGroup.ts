import type { UpdateWorkGroupInput, UpdateWorkGroupOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const updateWorkGroup = ({ query }: AthenaDeps): Operation<UpdateWorkGroupInput, UpdateWorkGroupOutput> =>
  async (input) => {
    const u = input.ConfigurationUpdates;
    const r = u?.ResultConfigurationUpdates;
    await query.workGroups.update(input.WorkGroup!, {
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.State !== undefined ? { state: input.State } : {}),
      ...(r?.RemoveOutputLocation ? { outputLocation: null } : r?.OutputLocation !== undefined ? { outputLocation: r.OutputLocation } : {}),
      ...(u?.EnforceWorkGroupConfiguration !== undefined ? { enforce: u.EnforceWorkGroupConfiguration } : {}),
      ...(u?.RemoveBytesScannedCutoffPerQuery ? { bytesScannedCutoff: null } : u?.BytesScannedCutoffPerQuery !== undefined ? { bytesScannedCutoff: u.BytesScannedCutoffPerQuery } : {}),
      ...(u?.PublishCloudWatchMetricsEnabled !== undefined ? { publishMetrics: u.PublishCloudWatchMetricsEnabled } : {}),
    });
    return {};
  };
