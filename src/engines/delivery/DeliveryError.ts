/** Every way a delivery-stream operation can fail, in domain terms; the Firehose facade maps each to an AWS error. */
export type DeliveryErrorKind =
  /** No delivery stream of that name. */
  | 'NotFound'
  /** The name is taken, or the stream is not ACTIVE for this change. */
  | 'InUse'
  /** The request breaks one of Firehose's rules. */
  | 'InvalidArgument'
  /** Too many delivery streams, or tags. */
  | 'LimitExceeded'
  /** UpdateDestination named a version that is no longer current. */
  | 'ConcurrentModification'
  /** Delivery is too far behind (or the log cannot take data): retry later. */
  | 'Unavailable';

export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
