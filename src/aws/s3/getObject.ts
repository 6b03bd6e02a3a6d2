import type { GetObjectOutput, GetObjectRequest } from '@aws-sdk/client-s3';
import { contentRange } from '../../engines/lake/byteRanges.js';
import type { Operation } from '../wire/Service.js';
import { checkVersionId, notImplemented, objectHeaders, readConditions, requireBucket, type ObjectOutput, type S3Deps } from './common.js';
import { storedChecksumMembers } from './checksums.js';
import { responseOverrides } from './responseOverrides.js';

export const getObject = ({ lake }: S3Deps): Operation<GetObjectRequest, ObjectOutput<GetObjectOutput>> =>
  async (input) => {
    if (input.PartNumber !== undefined) throw notImplemented('GetObject with partNumber');
    checkVersionId(input.VersionId);
    const conditions = readConditions(input);
    const result = await lake.getObject(requireBucket(input.Bucket), input.Key!, {
      ...(input.Range !== undefined ? { range: input.Range } : {}),
      ...(conditions ? { conditions } : {}),
    });
    const { info, range } = result;
    return {
      ...objectHeaders(info),
      ...(range ? { ContentLength: range.end - range.start + 1, ContentRange: contentRange(range, info.size) } : {}),
      // S3 answers the whole object's checksum only for a whole-object read.
      ...(input.ChecksumMode === 'ENABLED' && !range ? storedChecksumMembers(info.checksum) : {}),
      ...responseOverrides(input),
      Body: result.body,
    };
  };
