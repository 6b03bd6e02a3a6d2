import type { HeadObjectOutput, HeadObjectRequest } from '@aws-sdk/client-s3';
import { contentRange, parseRangeHeader, resolveByteRange } from '../../engines/lake/byteRanges.js';
import { LakeError } from '../../engines/lake/LakeError.js';
import type { Operation } from '../wire/Service.js';
import { checkVersionId, notImplemented, objectHeaders, readConditions, requireBucket, type ObjectOutput, type S3Deps } from './common.js';
import { storedChecksumMembers } from './checksums.js';
import { responseOverrides } from './responseOverrides.js';

export const headObject = ({ lake }: S3Deps): Operation<HeadObjectRequest, ObjectOutput<HeadObjectOutput>> =>
  async (input) => {
    if (input.PartNumber !== undefined) throw notImplemented('HeadObject with partNumber');
    checkVersionId(input.VersionId);
    const info = await lake.headObject(requireBucket(input.Bucket), input.Key!, readConditions(input));
    // A HEAD with a Range answers as the GET would: 206 with the range's length.
    const request = input.Range !== undefined ? parseRangeHeader(input.Range) : undefined;
    let partial = {};
    if (request) {
      const range = resolveByteRange(request, info.size);
      if (!range) throw new LakeError({ kind: 'InvalidRange', size: info.size });
      partial = { ContentLength: range.end - range.start + 1, ContentRange: contentRange(range, info.size) };
    }
    const checksum = input.ChecksumMode === 'ENABLED' && !request ? storedChecksumMembers(info.checksum) : {};
    return { ...objectHeaders(info), ...partial, ...checksum, ...responseOverrides(input) };
  };
