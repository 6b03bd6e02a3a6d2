import type { DeleteAlarmsInput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { missingParameter, type CloudWatchDeps } from './common.js';

export const deleteAlarms = ({ alarms }: CloudWatchDeps): Operation<DeleteAlarmsInput, Record<string, never>> =>
  async (input) => {
    if (input.AlarmNames === undefined) throw missingParameter('AlarmNames');
    await alarms.deleteAlarms(input.AlarmNames);
    return {};
  };
