import type { ListObjectsOutput, ListObjectsRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { listEncoder, ownerOf, requireBucket, type S3Deps } from './common.js';
import { quoteEtag } from './restXml/httpValues.js';

/** ListObjects (v1): `marker` is the key to list after; v1 always names each object's owner. */
export const listObjects = ({ lake, accountId }: S3Deps): Operation<ListObjectsRequest, ListObjectsOutput> =>
  async (input) => {
    const bucket = requireBucket(input.Bucket);
    const encode = listEncoder(input.EncodingType);
    const maxKeys = input.MaxKeys ?? 1000;
    const page = await lake.listObjects(bucket, {
      maxKeys,
      ...(input.Prefix !== undefined ? { prefix: input.Prefix } : {}),
      ...(input.Delimiter !== undefined ? { delimiter: input.Delimiter } : {}),
      ...(input.Marker ? { startAfter: input.Marker } : {}),
    });
    const owner = ownerOf(accountId);
    return {
      Name: bucket,
      Prefix: encode(input.Prefix ?? ''),
      Marker: encode(input.Marker ?? ''),
      ...(input.Delimiter ? { Delimiter: encode(input.Delimiter) } : {}),
      MaxKeys: maxKeys,
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      IsTruncated: page.isTruncated,
      // S3 sends NextMarker only with a delimiter; sending it always spares clients a guess.
      ...(page.isTruncated && page.nextMarker !== undefined ? { NextMarker: encode(page.nextMarker) } : {}),
      Contents: page.objects.map((o) => ({
        Key: encode(o.key),
        LastModified: o.lastModified,
        ETag: quoteEtag(o.etag),
        Size: o.size,
        StorageClass: 'STANDARD',
        Owner: owner,
      })),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    };
  };
