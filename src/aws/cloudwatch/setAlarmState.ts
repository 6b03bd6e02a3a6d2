import type { SetAlarmStateInput } from '@aws-sdk/client-cloudwatch';
import type { Operation } from '../wire/Service.js';
import type { CloudWatchDeps } from './common.js';

export const setAlarmState = ({ alarms }: CloudWatchDeps): Operation<SetAlarmStateInput, Record<string, never>> =>
  async (input) => {
    await alarms.setState(input.AlarmName!, input.StateValue!, input.StateReason!, input.StateReasonData);
    return {};
  };
