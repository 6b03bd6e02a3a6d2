import type { GetObjectAttributesOutput, GetObjectAttributesRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { AwsError } from '../wire/AwsError.js';
import { CHECKSUM_MEMBERS } from './checksums.js';
import { checkVersionId, requireBucket, type S3Deps } from './common.js';

const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
type Attribute = (typeof ATTRIBUTES)[number];

/**
 * The attributes asked for in `x-amz-object-attributes`. ObjectParts has the parts count
 * only: the parts' own sizes and checksums are not kept once an upload is complete.
 */
export const getObjectAttributes = ({ lake }: S3Deps): Operation<GetObjectAttributesRequest, GetObjectAttributesOutput> =>
  async (input) => {
    checkVersionId(input.VersionId);
    const wanted = new Set<Attribute>();
    for (const raw of (input.ObjectAttributes ?? []).flatMap((a) => String(a).split(','))) {
      const name = raw.trim();
      if (name === '') continue;
      if (!(ATTRIBUTES as readonly string[]).includes(name)) {
        throw new AwsError('InvalidArgument', 'Invalid attribute name specified.', 400, { ArgumentName: 'x-amz-object-attributes', ArgumentValue: name });
      }
      wanted.add(name as Attribute);
    }
    if (wanted.size === 0) {
      throw new AwsError('InvalidArgument', 'Empty Object Attributes specified.', 400, { ArgumentName: 'x-amz-object-attributes', ArgumentValue: '' });
    }
    const info = await lake.headObject(requireBucket(input.Bucket), input.Key!);
    const out: GetObjectAttributesOutput = { LastModified: info.lastModified };
    // GetObjectAttributes answers the ETag without quotes.
    if (wanted.has('ETag')) out.ETag = info.etag;
    if (wanted.has('Checksum') && info.checksum) {
      out.Checksum = { [CHECKSUM_MEMBERS[info.checksum.algorithm]]: info.checksum.value, ChecksumType: info.checksum.type };
    }
    if (wanted.has('ObjectParts') && info.partsCount !== undefined) out.ObjectParts = { TotalPartsCount: info.partsCount };
    if (wanted.has('StorageClass')) out.StorageClass = 'STANDARD';
    if (wanted.has('ObjectSize')) out.ObjectSize = info.size;
    return out;
  };
