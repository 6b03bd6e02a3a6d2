import type { GetResourcePolicyInput, GetResourcePolicyOutput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';
import { policyTarget } from './resourcePolicyTarget.js';

/** A resource without a policy answers the empty document. */
export const getResourcePolicy = (deps: KinesisDeps): Operation<GetResourcePolicyInput, GetResourcePolicyOutput> =>
  async (input, ctx) => ({ Policy: policyTarget(deps, input.ResourceARN!, ctx).get() ?? '{}' });
