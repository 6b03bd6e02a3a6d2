import type { AbortMultipartUploadOutput, AbortMultipartUploadRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { requireBucket, type S3Deps } from './common.js';

export const abortMultipartUpload = ({ lake }: S3Deps): Operation<AbortMultipartUploadRequest, AbortMultipartUploadOutput> =>
  async (input) => {
    await lake.abortMultipartUpload(requireBucket(input.Bucket), input.Key!, input.UploadId!);
    return {};
  };
