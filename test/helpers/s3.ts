import assert from 'node:assert/strict';
import { S3Client, type S3ServiceException } from '@aws-sdk/client-s3';

/** The S3 error a call fails with (its Code as `name`, the HTTP status in $metadata). */
export async function failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    return e as S3ServiceException;
  }
  assert.fail('expected the call to fail');
}

/** An SDK v3 S3 client for a test server: path-style addressing, the test credentials, no retries. */
export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'eu-west-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'any' },
    maxAttempts: 1,
  });
}
