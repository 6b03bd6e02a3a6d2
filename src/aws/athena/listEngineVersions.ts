import type { ListEngineVersionsInput, ListEngineVersionsOutput } from '@aws-sdk/client-athena';
import type { Operation } from '../wire/Service.js';
import { ENGINE_VERSION, type AthenaDeps } from './common.js';

export const listEngineVersions = (_deps: AthenaDeps): Operation<ListEngineVersionsInput, ListEngineVersionsOutput> =>
  () => ({ EngineVersions: [{ SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: ENGINE_VERSION }, { SelectedEngineVersion: ENGINE_VERSION, EffectiveEngineVersion: ENGINE_VERSION }] });
