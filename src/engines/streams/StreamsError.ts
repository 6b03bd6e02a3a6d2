/** Every way a streams operation can fail, in domain terms; facades map each to an AWS error. */
export type StreamsErrorKind =
  | 'StreamNotFound'
  | 'StreamExists'
  | 'StreamNotActive'
  | 'ShardNotFound'
  | 'InvalidArgument'
  | 'LimitExceeded'
  | 'IteratorExpired'
  | 'ThroughputExceeded'
  | 'StorageUnavailable'
  | 'ConsumerNotFound'
  | 'ConsumerInUse';

export class StreamsError extends Error {
  constructor(
    readonly kind: StreamsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StreamsError';
  }
}
