import type { PutObjectOutput, PutObjectRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import {
  SMALL_BODY_BYTES,
  attributesFrom,
  checksumAlgorithmFrom,
  checksumMembers,
  keptChecksum,
  md5FromHeader,
  notImplemented,
  requireBucket,
  writeCondition,
  type S3Deps,
  type WithIncomingBody,
} from './common.js';
import { storedChecksumMembers } from './checksums.js';
import { quoteEtag } from './restXml/httpValues.js';

export const putObject = ({ lake }: S3Deps): Operation<WithIncomingBody<PutObjectRequest>, PutObjectOutput> =>
  async (input) => {
    const condition = writeCondition(input);
    if (input.WriteOffsetBytes !== undefined) throw notImplemented('PutObject with x-amz-write-offset-bytes');
    const expectedMd5 = md5FromHeader(input.ContentMD5);
    const checksum = keptChecksum(input.Body, checksumAlgorithmFrom(input.ChecksumAlgorithm));
    const body = (await input.Body.readWholeIfAtMost(SMALL_BODY_BYTES)) ?? input.Body;
    const info = await lake.putObject(requireBucket(input.Bucket), input.Key!, body, {
      ...attributesFrom(input),
      ...(expectedMd5 !== undefined ? { expectedMd5 } : {}),
      ...(input.ContentLength !== undefined ? { expectedSize: input.ContentLength } : {}),
      ...(condition ? { condition } : {}),
      checksum,
    });
    return { ETag: quoteEtag(info.etag), ...checksumMembers(input.Body.checksums), ...storedChecksumMembers(info.checksum) };
  };
