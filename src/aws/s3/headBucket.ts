import type { HeadBucketOutput, HeadBucketRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { requireBucket, type S3Deps } from './common.js';

export const headBucket = ({ lake, region }: S3Deps): Operation<HeadBucketRequest, HeadBucketOutput> =>
  async (input) => {
    await lake.headBucket(requireBucket(input.Bucket));
    return { BucketRegion: region, AccessPointAlias: false };
  };
