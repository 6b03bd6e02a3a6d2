import type { UploadPartCopyOutput, UploadPartCopyRequest } from '@aws-sdk/client-s3';
import { isLakeError, LakeError } from '../../engines/lake/LakeError.js';
import type { Operation } from '../wire/Service.js';
import { AwsError } from '../wire/AwsError.js';
import { requireBucket, type S3Deps } from './common.js';
import { copySourceConditions, parseCopySource } from './copySource.js';
import { checksummed } from '../../engines/lake/checksums.js';
import { checksumMembers } from './common.js';
import { quoteEtag } from './restXml/httpValues.js';

const RANGE = /^bytes=(\d+)-(\d+)$/;

export const uploadPartCopy = ({ lake }: S3Deps): Operation<UploadPartCopyRequest, UploadPartCopyOutput> =>
  async (input) => {
    const source = parseCopySource(input.CopySource);
    let range: { first: number; last: number } | undefined;
    if (input.CopySourceRange !== undefined) {
      const m = RANGE.exec(input.CopySourceRange.trim());
      if (!m || Number(m[2]) < Number(m[1])) {
        throw new AwsError(
          'InvalidArgument',
          'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
          400,
          { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: input.CopySourceRange },
        );
      }
      range = { first: Number(m[1]), last: Number(m[2]) };
    }
    const conditions = copySourceConditions(input);
    const bucket = requireBucket(input.Bucket);
    const upload = await lake.describeUpload(bucket, input.Key!, input.UploadId!);
    let read;
    try {
      read = await lake.getObject(source.bucket, source.key, { ...(range ? { range } : {}), ...(conditions ? { conditions } : {}) });
    } catch (err) {
      // A copy source that was not modified is a failed precondition, not a 304.
      if (isLakeError(err, 'NotModified')) throw new LakeError({ kind: 'PreconditionFailed', condition: 'If-Match' });
      throw err;
    }
    // The range must lie inside the source (a GET would clip it).
    if (range && range.last >= read.info.size) {
      read.body.destroy();
      throw new LakeError({ kind: 'InvalidRange', size: read.info.size });
    }
    const size = read.range ? read.range.end - read.range.start + 1 : read.info.size;
    const summed = upload.checksum ? checksummed(read.body, upload.checksum.algorithm) : undefined;
    const part = await lake.uploadPart(bucket, input.Key!, input.UploadId!, input.PartNumber!, summed?.body ?? read.body, {
      expectedSize: size,
      ...(summed ? { checksum: () => summed.result() } : {}),
    });
    const checksum = part.checksum ? checksumMembers({ [part.checksum.algorithm]: part.checksum.value }) : {};
    return { CopyPartResult: { ETag: quoteEtag(part.etag), LastModified: part.lastModified, ...checksum } };
  };
