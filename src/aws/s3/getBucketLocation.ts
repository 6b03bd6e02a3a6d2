import type { GetBucketLocationOutput, GetBucketLocationRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { requireBucket, type S3Deps } from './common.js';

export const getBucketLocation = ({ lake, region }: S3Deps): Operation<GetBucketLocationRequest, GetBucketLocationOutput> =>
  async (input) => {
    await lake.headBucket(requireBucket(input.Bucket));
    // S3 answers us-east-1 with an empty LocationConstraint.
    return region === 'us-east-1' ? {} : { LocationConstraint: region as GetBucketLocationOutput['LocationConstraint'] };
  };
