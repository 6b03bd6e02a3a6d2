import type { UploadPartOutput, UploadPartRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { SMALL_BODY_BYTES, checksumMembers, md5FromHeader, requireBucket, type S3Deps, type WithIncomingBody } from './common.js';
import { quoteEtag } from './restXml/httpValues.js';

export const uploadPart = ({ lake }: S3Deps): Operation<WithIncomingBody<UploadPartRequest>, UploadPartOutput> =>
  async (input) => {
    const expectedMd5 = md5FromHeader(input.ContentMD5);
    const body = (await input.Body.readWholeIfAtMost(SMALL_BODY_BYTES)) ?? input.Body;
    const part = await lake.uploadPart(requireBucket(input.Bucket), input.Key!, input.UploadId!, input.PartNumber!, body, {
      ...(expectedMd5 !== undefined ? { expectedMd5 } : {}),
      ...(input.ContentLength !== undefined ? { expectedSize: input.ContentLength } : {}),
    });
    return { ETag: quoteEtag(part.etag), ...checksumMembers(input.Body.checksums) };
  };
