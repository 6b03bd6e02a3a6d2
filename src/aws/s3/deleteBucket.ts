import type { DeleteBucketRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { requireBucket, type S3Deps } from './common.js';

export const deleteBucket = ({ lake }: S3Deps): Operation<DeleteBucketRequest, Record<string, never>> =>
  async (input) => {
    await lake.deleteBucket(requireBucket(input.Bucket));
    return {};
  };
