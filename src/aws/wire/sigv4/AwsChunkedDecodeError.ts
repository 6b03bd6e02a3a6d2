import type { AwsAuthError } from './types.js';

/** Why an aws-chunked body was refused, carrying the S3 error to answer with. */
export class AwsChunkedDecodeError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly fields: Readonly<Record<string, string>>;

  constructor(readonly awsError: AwsAuthError) {
    super(awsError.message);
    this.name = 'AwsChunkedDecodeError';
    this.code = awsError.code;
    this.httpStatus = awsError.httpStatus;
    this.fields = awsError.fields ?? {};
  }
}
