import { LakeError } from '../../engines/lake/LakeError.js';
import { AwsError } from '../wire/AwsError.js';
import { AwsChunkedDecodeError } from '../wire/sigv4/index.js';
import { httpDate, quoteEtag } from './restXml/httpValues.js';
import { fromChunkedError } from './IncomingBody.js';

/**
 * S3's answer to each lake error, with S3's own wording and extra members; the switch fails
 * to compile when the lake gains a kind this facade does not map.
 */
export function s3Error(error: unknown): AwsError | undefined {
  if (error instanceof AwsError) return error;
  if (error instanceof AwsChunkedDecodeError) return fromChunkedError(error);
  if (!(error instanceof LakeError)) return undefined;
  const f = error.fault;
  switch (f.kind) {
    case 'NoSuchBucket':
      return new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: f.bucket });
    case 'BucketAlreadyOwnedByYou':
      return new AwsError(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        409,
        { BucketName: f.bucket },
      );
    case 'BucketNotEmpty':
      return new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: f.bucket });
    case 'InvalidBucketName':
      return new AwsError('InvalidBucketName', `The specified bucket is not valid: it ${f.reason}.`, 400, { BucketName: f.bucket });
    case 'NoSuchKey':
      return new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { Key: f.key });
    case 'KeyTooLong':
      return new AwsError('KeyTooLongError', 'Your key is too long', 400, { Size: String(f.bytes), MaxSizeAllowed: String(f.maxBytes) });
    case 'InvalidKey':
      return new AwsError('InvalidArgument', `Invalid key: ${f.reason}.`, 400, { ArgumentName: 'key' });
    case 'InvalidRange':
      return new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, { ActualObjectSize: String(f.size) });
    case 'NoSuchUpload':
      return new AwsError(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        404,
        { UploadId: f.uploadId },
      );
    case 'InvalidPart':
      return new AwsError(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        { PartNumber: String(f.partNumber) },
      );
    case 'InvalidPartOrder':
      return new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400);
    case 'EntityTooSmall':
      return new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
        ProposedSize: String(f.size),
        MinSizeAllowed: String(f.minSize),
        PartNumber: String(f.partNumber),
      });
    case 'EntityTooLarge':
      return new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', 400, {
        ProposedSize: String(f.size),
        MaxSizeAllowed: String(f.maxSize),
      });
    case 'MetadataTooLarge':
      return new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, {
        Size: String(f.bytes),
        MaxSizeAllowed: String(f.maxBytes),
      });
    case 'BadChecksum':
      return new AwsError('BadDigest', `The ${f.algorithm} you specified did not match the calculated checksum.`, 400);
    case 'BadDigest':
      return new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
        ExpectedDigest: Buffer.from(f.expectedMd5, 'hex').toString('base64'),
        CalculatedDigest: Buffer.from(f.computedMd5, 'hex').toString('base64'),
      });
    case 'IncompleteBody':
      return new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
    case 'PreconditionFailed':
      return new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
        Condition: f.condition,
      });
    case 'WriteConditionFailed':
      return new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
        Condition: f.condition === 'absent' ? 'If-None-Match' : 'If-Match',
      });
    case 'NotModified':
      // Rendered without a body; the fields become the 304's headers.
      return new AwsError('NotModified', 'Not Modified', 304, { ETag: quoteEtag(f.etag), 'Last-Modified': httpDate(f.lastModified) });
    case 'InvalidArgument':
      return new AwsError('InvalidArgument', f.message, 400, { ArgumentName: f.argument });
    case 'InvalidRequest':
      return new AwsError('InvalidRequest', f.message, 400);
    case 'StorageUnavailable':
      return f.reason === 'disk-full'
        ? new AwsError('ServiceUnavailable', `Lakehose cannot store data now: ${f.message}. Nothing was written.`, 503)
        : new AwsError('InternalError', `Lakehose cannot store data now: ${f.message}. Nothing was written.`, 500);
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}
