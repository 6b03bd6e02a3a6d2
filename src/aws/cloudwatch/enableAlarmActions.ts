import type { EnableAlarmActionsInput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import { missingParameter, type CloudWatchDeps } from './common.js';

export const enableAlarmActions = ({ alarms }: CloudWatchDeps): Operation<EnableAlarmActionsInput, Record<string, never>> =>
  async (input) => {
    if (input.AlarmNames === undefined) throw missingParameter('AlarmNames');
    await alarms.setActionsEnabled(input.AlarmNames, true);
    return {};
  };
