import { snsModel } from '../models/sns.js';
import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import type { SnsDeps } from './common.js';
import { confirmSubscription } from './confirmSubscription.js';
import { createTopic } from './createTopic.js';
import { deleteTopic } from './deleteTopic.js';
import { snsError } from './errors.js';
import { getSubscriptionAttributes } from './getSubscriptionAttributes.js';
import { getTopicAttributes } from './getTopicAttributes.js';
import { listSubscriptions } from './listSubscriptions.js';
import { listSubscriptionsByTopic } from './listSubscriptionsByTopic.js';
import { listTagsForResource } from './listTagsForResource.js';
import { listTopics } from './listTopics.js';
import { publish } from './publish.js';
import { publishBatch } from './publishBatch.js';
import { setSubscriptionAttributes } from './setSubscriptionAttributes.js';
import { setTopicAttributes } from './setTopicAttributes.js';
import { subscribe } from './subscribe.js';
import { tagResource } from './tagResource.js';
import { unsubscribe } from './unsubscribe.js';
import { untagResource } from './untagResource.js';

/** The supported SNS operations (docs/services/sns.md lists them too). */
const OPERATIONS = {
  ConfirmSubscription: confirmSubscription,
  CreateTopic: createTopic,
  DeleteTopic: deleteTopic,
  GetSubscriptionAttributes: getSubscriptionAttributes,
  GetTopicAttributes: getTopicAttributes,
  ListSubscriptions: listSubscriptions,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  ListTagsForResource: listTagsForResource,
  ListTopics: listTopics,
  Publish: publish,
  PublishBatch: publishBatch,
  SetSubscriptionAttributes: setSubscriptionAttributes,
  SetTopicAttributes: setTopicAttributes,
  Subscribe: subscribe,
  TagResource: tagResource,
  UntagResource: untagResource,
  Unsubscribe: unsubscribe,
} as const;

export const SNS_OPERATIONS = Object.keys(OPERATIONS);

export function snsService(deps: SnsDeps): ServiceDefinition {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  return { model: snsModel, operations, mapError: snsError };
}
