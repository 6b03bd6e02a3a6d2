/** Why a partition-key query was refused; a facade maps these to InvalidArgumentException. */
export type PartitionKeyErrorKind = 'InvalidQuery';

/** Raised when a MetadataExtractionQuery cannot be used (at create time, never per record). */
export class PartitionKeyError extends Error {
  constructor(
    readonly kind: PartitionKeyErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PartitionKeyError';
  }
}
