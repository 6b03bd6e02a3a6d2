import { AwsError } from '../wire/AwsError.js';
import type { RequestContext } from '../wire/Service.js';
import { resolveStreamName, type KinesisDeps } from './common.js';
import { parseConsumerArn } from './consumerArn.js';

/** The stream or consumer a ResourceARN names, with its policy to read and change. */
export interface PolicyTarget {
  get(): string | undefined;
  set(policy: string | undefined): Promise<void>;
}

export function policyTarget({ streams, consumers }: KinesisDeps, resourceArn: string, ctx: RequestContext): PolicyTarget {
  if (resourceArn.includes('/consumer/')) {
    const c = parseConsumerArn(resourceArn, ctx);
    return {
      get: () => consumers.resourcePolicy(c.streamName, c.consumerName, c.createdSec),
      set: (policy) => consumers.setResourcePolicy(c.streamName, c.consumerName, c.createdSec, policy),
    };
  }
  const name = resolveStreamName({ StreamARN: resourceArn }, ctx);
  return { get: () => streams.resourcePolicy(name), set: (policy) => streams.setResourcePolicy(name, policy) };
}

/** A policy document must at least be a JSON object with statements (IAM checks the rest; Lakehose checks no IAM). */
export function checkPolicyDocument(policy: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw new AwsError('InvalidArgumentException', 'The policy is not valid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc)) {
    throw new AwsError('InvalidArgumentException', 'The policy must be a JSON object with a Statement.');
  }
}
