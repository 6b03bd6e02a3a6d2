/**
 * An error in AWS's terms: the code (`__type` / `<Code>`), the message and the HTTP status.
 * Facades throw these; the protocol layer renders them in the service's wire format.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Extra members some protocols render (S3's `<BucketName>`, `<Key>` …). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AwsError';
  }

  get isServerFault(): boolean {
    return this.status >= 500;
  }
}

export function serializationError(message: string): AwsError {
  return new AwsError('SerializationException', message, 400);
}

export function unknownOperationError(): AwsError {
  return new AwsError('UnknownOperationException', '', 400);
}

export function internalFailure(message = 'Internal Service Failure'): AwsError {
  return new AwsError('InternalFailure', message, 500);
}

/** One failed constraint, described as AWS describes it. */
export interface ValidationIssue {
  /** lowerCamel path, e.g. `records.1.member.partitionKey` */
  readonly path: string;
  /** The offending value as AWS prints it (already quoted), or `null`. */
  readonly shownValue: string;
  readonly constraint: string;
}

/** AWS stops listing validation errors after ten. */
export const MAX_LISTED_VALIDATION_ISSUES = 10;

export function validationError(issues: readonly ValidationIssue[]): AwsError {
  const listed = issues.slice(0, MAX_LISTED_VALIDATION_ISSUES);
  const n = listed.length;
  const parts = listed.map(
    (i) => `Value ${i.shownValue} at '${i.path}' failed to satisfy constraint: ${i.constraint}`,
  );
  return new AwsError(
    'ValidationException',
    `${n} validation error${n > 1 ? 's' : ''} detected: ${parts.join('; ')}`,
    400,
  );
}
