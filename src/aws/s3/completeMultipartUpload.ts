import type { CompleteMultipartUploadOutput, CompleteMultipartUploadRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { requireBucket, writeCondition, type S3Deps } from './common.js';
import { malformedXml } from './restXml/RequestDecoder.js';
import { quoteEtag } from './restXml/httpValues.js';
import { sentChecksum, storedChecksumMembers } from './checksums.js';

export const completeMultipartUpload = ({ lake, endpointUrl }: S3Deps): Operation<CompleteMultipartUploadRequest, CompleteMultipartUploadOutput> =>
  async (input) => {
    const condition = writeCondition(input);
    const bucket = requireBucket(input.Bucket);
    const parts = (input.MultipartUpload?.Parts ?? []).map((p) => {
      if (typeof p.PartNumber !== 'number' || typeof p.ETag !== 'string') throw malformedXml();
      const checksum = sentChecksum(p);
      return { partNumber: p.PartNumber, etag: p.ETag, ...(checksum ? { checksum } : {}) };
    });
    const expectedChecksum = sentChecksum(input);
    const info = await lake.completeMultipartUpload(bucket, input.Key!, input.UploadId!, parts, {
      ...(condition ? { condition } : {}),
      ...(expectedChecksum ? { expectedChecksum } : {}),
    });
    const path = info.key.split('/').map(encodeURIComponent).join('/');
    return { Location: `${endpointUrl}/${bucket}/${path}`, Bucket: bucket, Key: info.key, ETag: quoteEtag(info.etag), ...storedChecksumMembers(info.checksum) };
  };
