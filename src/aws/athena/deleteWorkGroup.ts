import type { DeleteWorkGroupInput, DeleteWorkGroupOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import type { AthenaDeps } from './common.js';

export const deleteWorkGroup = ({ query }: AthenaDeps): Operation<DeleteWorkGroupInput, DeleteWorkGroupOutput> =>
  async (input) => {
    await query.deleteWorkGroup(input.WorkGroup!, input.RecursiveDeleteOption ?? false);
    return {};
  };
