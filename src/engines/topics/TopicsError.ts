/**
 * What can go wrong in the topics engine, in its own terms. The SNS facade maps each kind
 * to AWS's error code in one exhaustive switch (src/aws/sns/errors.ts).
 */
export type TopicsErrorKind =
  /** The topic or subscription named does not exist. */
  | 'NotFound'
  /** A parameter is missing, malformed or out of range. */
  | 'InvalidParameter'
  /** A message attribute (name, type or value) is invalid. */
  | 'InvalidParameterValue'
  /** A filter policy over the documented limits (keys, combinations, size). */
  | 'FilterPolicyLimitExceeded'
  /** More than 50 tags on a resource. */
  | 'TagLimitExceeded'
  /** PublishBatch: no entries, more than 10, duplicate or malformed ids, or more than 256 KiB in all. */
  | 'EmptyBatchRequest'
  | 'TooManyEntriesInBatchRequest'
  | 'BatchEntryIdsNotDistinct'
  | 'InvalidBatchEntryId'
  | 'BatchRequestTooLong'
  /** The caller may not do this (an unauthenticated unsubscribe of a subscription confirmed with AuthenticateOnUnsubscribe). */
  | 'AuthorizationError'
  /** The delivery journal could not make a publish durable (disk full, I/O error, closed). */
  | 'StorageUnavailable';

export class TopicsError extends Error {
  constructor(
    readonly kind: TopicsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'TopicsError';
  }

  static topicNotFound(): TopicsError {
    return new TopicsError('NotFound', 'Topic does not exist');
  }

  static subscriptionNotFound(): TopicsError {
    return new TopicsError('NotFound', 'Subscription does not exist');
  }

  /** SNS words these as "Invalid parameter: <what>". */
  static invalid(what: string): TopicsError {
    return new TopicsError('InvalidParameter', `Invalid parameter: ${what}`);
  }
}
