import type { PutResourcePolicyInput } from '@aws-sdk/client-kinesis';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';
import { checkPolicyDocument, policyTarget } from './resourcePolicyTarget.js';

export const putResourcePolicy = (deps: KinesisDeps): Operation<PutResourcePolicyInput, Record<string, never>> =>
  async (input, ctx) => {
    checkPolicyDocument(input.Policy!);
    await policyTarget(deps, input.ResourceARN!, ctx).set(input.Policy!);
    return {};
  };
