import type { UploadPartOutput, UploadPartRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { SMALL_BODY_BYTES, checksumMembers, md5FromHeader, requireBucket, type S3Deps, type WithIncomingBody } from './common.js';
import type { ObjectChecksum } from './checksums.js';
import { quoteEtag } from './restXml/httpValues.js';

export const uploadPart = ({ lake }: S3Deps): Operation<WithIncomingBody<UploadPartRequest>, UploadPartOutput> =>
  async (input) => {
    const expectedMd5 = md5FromHeader(input.ContentMD5);
    const bucket = requireBucket(input.Bucket);
    // The part is kept with a checksum in the upload's algorithm, whatever else the client sent.
    const upload = await lake.describeUpload(bucket, input.Key!, input.UploadId!);
    const algorithm = upload.checksum?.algorithm;
    if (algorithm) input.Body.compute(algorithm);
    const checksum = (): ObjectChecksum | undefined => {
      const value = algorithm && input.Body.checksumFor(algorithm);
      return algorithm && value ? { algorithm, type: 'FULL_OBJECT', value } : undefined;
    };
    const body = (await input.Body.readWholeIfAtMost(SMALL_BODY_BYTES)) ?? input.Body;
    const part = await lake.uploadPart(bucket, input.Key!, input.UploadId!, input.PartNumber!, body, {
      ...(expectedMd5 !== undefined ? { expectedMd5 } : {}),
      ...(input.ContentLength !== undefined ? { expectedSize: input.ContentLength } : {}),
      checksum,
    });
    return {
      ETag: quoteEtag(part.etag),
      ...checksumMembers(input.Body.checksums),
      ...(part.checksum ? checksumMembers({ [part.checksum.algorithm]: part.checksum.value }) : {}),
    };
  };
