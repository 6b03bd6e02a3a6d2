/**
 * Why a request to the query engine was refused (not why a query failed — that is a
 * QueryFailure on the execution). The Athena facade maps each kind to an AWS error.
 */
export type QueryErrorKind =
  /** A bad or impossible request: unknown execution or work group, no output location, a reused token … */
  | 'InvalidRequest'
  /** A prepared statement that does not exist (Athena's ResourceNotFoundException). */
  | 'ResourceNotFound'
  /** A database or table the metadata calls name does not exist (MetadataException). */
  | 'MetadataNotFound'
  /** Too many queued and running queries. */
  | 'TooManyRequests'
  /** The engine is shutting down. */
  | 'Unavailable';

export class QueryError extends Error {
  constructor(
    readonly kind: QueryErrorKind,
    message: string,
    /** Athena's AthenaErrorCode for InvalidRequestException (INVALID_INPUT …). */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
