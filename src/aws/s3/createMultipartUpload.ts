import type { CreateMultipartUploadOutput, CreateMultipartUploadRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { attributesFrom, checksumAlgorithmFrom, checksumTypeFrom, requireBucket, type S3Deps } from './common.js';

export const createMultipartUpload = ({ lake }: S3Deps): Operation<CreateMultipartUploadRequest, CreateMultipartUploadOutput> =>
  async (input) => {
    const bucket = requireBucket(input.Bucket);
    const algorithm = checksumAlgorithmFrom(input.ChecksumAlgorithm);
    const type = checksumTypeFrom(input.ChecksumType);
    const upload = await lake.createMultipartUpload(bucket, input.Key!, attributesFrom(input), {
      ...(algorithm ? { algorithm } : {}),
      ...(type ? { type } : {}),
    });
    return {
      Bucket: bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      ...(upload.checksum ? { ChecksumAlgorithm: upload.checksum.algorithm, ChecksumType: upload.checksum.type } : {}),
    };
  };
