import type { ListObjectsV2Output, ListObjectsV2Request } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { listEncoder, ownerOf, requireBucket, type S3Deps } from './common.js';
import { quoteEtag } from './restXml/httpValues.js';

export const listObjectsV2 = ({ lake, accountId }: S3Deps): Operation<ListObjectsV2Request, ListObjectsV2Output> =>
  async (input) => {
    const bucket = requireBucket(input.Bucket);
    const encode = listEncoder(input.EncodingType);
    const maxKeys = input.MaxKeys ?? 1000;
    const page = await lake.listObjects(bucket, {
      maxKeys,
      ...(input.Prefix !== undefined ? { prefix: input.Prefix } : {}),
      ...(input.Delimiter !== undefined ? { delimiter: input.Delimiter } : {}),
      ...(input.StartAfter !== undefined ? { startAfter: input.StartAfter } : {}),
      ...(input.ContinuationToken !== undefined ? { continuationToken: input.ContinuationToken } : {}),
    });
    const owner = input.FetchOwner ? ownerOf(accountId) : undefined;
    return {
      Name: bucket,
      Prefix: encode(input.Prefix ?? ''),
      ...(input.Delimiter ? { Delimiter: encode(input.Delimiter) } : {}),
      MaxKeys: maxKeys,
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      KeyCount: page.objects.length + page.commonPrefixes.length,
      IsTruncated: page.isTruncated,
      ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(page.isTruncated && page.nextContinuationToken !== undefined ? { NextContinuationToken: page.nextContinuationToken } : {}),
      ...(input.StartAfter !== undefined ? { StartAfter: encode(input.StartAfter) } : {}),
      Contents: page.objects.map((o) => ({
        Key: encode(o.key),
        LastModified: o.lastModified,
        ETag: quoteEtag(o.etag),
        Size: o.size,
        StorageClass: 'STANDARD',
        ...(owner ? { Owner: owner } : {}),
      })),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    };
  };
