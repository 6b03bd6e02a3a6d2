import type { CreateBucketOutput, CreateBucketRequest } from '@aws-sdk/client-s3';
import { isLakeError } from '../../engines/lake/LakeError.js';
import type { Operation } from '../wire/Service.js';
import { requireBucket, type S3Deps } from './common.js';

/**
 * Any LocationConstraint is accepted: one machine serves one region, and refusing a
 * client whose default region differs from the server's helps nobody.
 */
export const createBucket = ({ lake, region }: S3Deps): Operation<CreateBucketRequest, CreateBucketOutput> =>
  async (input) => {
    const bucket = requireBucket(input.Bucket);
    try {
      await lake.createBucket(bucket);
    } catch (err) {
      // us-east-1 answers 200 to re-creating a bucket you own (AWS keeps this for old clients).
      if (!(region === 'us-east-1' && isLakeError(err, 'BucketAlreadyOwnedByYou'))) throw err;
    }
    return { Location: `/${bucket}` };
  };
