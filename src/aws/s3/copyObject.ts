import type { CopyObjectOutput, CopyObjectRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { AwsError } from '../wire/AwsError.js';
import { attributesFrom, checksumAlgorithmFrom, requireBucket, writeCondition, type S3Deps } from './common.js';
import { storedChecksumMembers } from './checksums.js';
import { copySourceConditions, parseCopySource } from './copySource.js';
import { quoteEtag } from './restXml/httpValues.js';

export const copyObject = ({ lake }: S3Deps): Operation<CopyObjectRequest, CopyObjectOutput> =>
  async (input) => {
    // If-Match / If-None-Match are on the target; x-amz-copy-source-if-* on the source.
    const condition = writeCondition(input);
    const source = parseCopySource(input.CopySource);
    const directive = input.MetadataDirective ?? 'COPY';
    if (directive !== 'COPY' && directive !== 'REPLACE') {
      throw new AwsError('InvalidArgument', 'Unknown metadata directive.', 400, { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive });
    }
    const sourceConditions = copySourceConditions(input);
    const checksumAlgorithm = checksumAlgorithmFrom(input.ChecksumAlgorithm);
    const info = await lake.copyObject(
      source,
      { bucket: requireBucket(input.Bucket), key: input.Key! },
      {
        ...(directive === 'REPLACE' ? { attributes: attributesFrom(input) } : {}),
        ...(sourceConditions ? { sourceConditions } : {}),
        ...(condition ? { condition } : {}),
        ...(checksumAlgorithm ? { checksumAlgorithm } : {}),
      },
    );
    return { CopyObjectResult: { ETag: quoteEtag(info.etag), LastModified: info.lastModified, ...storedChecksumMembers(info.checksum) } };
  };
