import type { ListWorkGroupsInput, ListWorkGroupsOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { ENGINE_VERSION, page, type AthenaDeps } from './common.js';

export const listWorkGroups = ({ query }: AthenaDeps): Operation<ListWorkGroupsInput, ListWorkGroupsOutput> =>
  (input) => {
    const p = page(query.workGroups.list(), input.NextToken, input.MaxResults ?? 50, (g) => g.name);
    return {
      WorkGroups: p.items.map((g) => ({
        Name: g.name,
        State: g.state,
        ...(g.description !== undefined ? { Description: g.description } : {}),
        CreationTime: new Date(g.createdAtMs),
        EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: ENGINE_VERSION },
      })),
      ...(p.next ? { NextToken: p.next } : {}),
    };
  };
