import type { DeleteObjectOutput, DeleteObjectRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { checkVersionId, notImplemented, requireBucket, type S3Deps } from './common.js';

export const deleteObject = ({ lake }: S3Deps): Operation<DeleteObjectRequest, DeleteObjectOutput> =>
  async (input) => {
    if (input.IfMatch !== undefined) throw notImplemented('Conditional DeleteObject (If-Match)');
    checkVersionId(input.VersionId);
    await lake.deleteObject(requireBucket(input.Bucket), input.Key!);
    return {};
  };
