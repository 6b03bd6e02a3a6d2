import type { GetWorkGroupInput, GetWorkGroupOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { workGroupOf, type AthenaDeps } from './common.js';

export const getWorkGroup = ({ query }: AthenaDeps): Operation<GetWorkGroupInput, GetWorkGroupOutput> =>
  (input) => ({ WorkGroup: workGroupOf(query.workGroups.get(input.WorkGroup!)) });
