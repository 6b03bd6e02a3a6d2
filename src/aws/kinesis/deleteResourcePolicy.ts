import type { DeleteResourcePolicyInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';
import { policyTarget } from './resourcePolicyTarget.js';

export const deleteResourcePolicy = (deps: KinesisDeps): Operation<DeleteResourcePolicyInput, Record<string, never>> =>
  async (input, ctx) => {
    await policyTarget(deps, input.ResourceARN!, ctx).set(undefined);
    return {};
  };
