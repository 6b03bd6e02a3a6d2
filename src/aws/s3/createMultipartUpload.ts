import type { CreateMultipartUploadOutput, CreateMultipartUploadRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { attributesFrom, requireBucket, type S3Deps } from './common.js';

export const createMultipartUpload = ({ lake }: S3Deps): Operation<CreateMultipartUploadRequest, CreateMultipartUploadOutput> =>
  async (input) => {
    const bucket = requireBucket(input.Bucket);
    const upload = await lake.createMultipartUpload(bucket, input.Key!, attributesFrom(input));
    return { Bucket: bucket, Key: upload.key, UploadId: upload.uploadId };
  };
