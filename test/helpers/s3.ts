import assert from 'node:assert/strict';
import type { S3ServiceException } from '@aws-sdk/client-s3';

/** The S3 error a call fails with (its Code as `name`, the HTTP status in $metadata). */
export async function failure(p: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await p;
  } catch (e) {
    return e as S3ServiceException;
  }
  assert.fail('expected the call to fail');
}
