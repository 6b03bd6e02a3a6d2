import type { ListMultipartUploadsOutput, ListMultipartUploadsRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { listEncoder, notImplemented, ownerOf, requireBucket, type S3Deps } from './common.js';

export const listMultipartUploads = ({ lake, accountId }: S3Deps): Operation<ListMultipartUploadsRequest, ListMultipartUploadsOutput> =>
  async (input) => {
    if (input.Delimiter !== undefined && input.Delimiter !== '') throw notImplemented('ListMultipartUploads with a delimiter');
    const bucket = requireBucket(input.Bucket);
    const encode = listEncoder(input.EncodingType);
    const maxUploads = input.MaxUploads ?? 1000;
    const page = await lake.listMultipartUploads(bucket, {
      maxUploads,
      ...(input.Prefix !== undefined ? { prefix: input.Prefix } : {}),
      ...(input.KeyMarker !== undefined ? { keyMarker: input.KeyMarker } : {}),
      ...(input.UploadIdMarker !== undefined ? { uploadIdMarker: input.UploadIdMarker } : {}),
    });
    const owner = ownerOf(accountId);
    return {
      Bucket: bucket,
      KeyMarker: encode(input.KeyMarker ?? ''),
      UploadIdMarker: input.UploadIdMarker ?? '',
      ...(page.nextKeyMarker !== undefined ? { NextKeyMarker: encode(page.nextKeyMarker) } : {}),
      ...(page.nextUploadIdMarker !== undefined ? { NextUploadIdMarker: page.nextUploadIdMarker } : {}),
      Prefix: encode(input.Prefix ?? ''),
      ...(input.EncodingType !== undefined ? { EncodingType: input.EncodingType } : {}),
      MaxUploads: maxUploads,
      IsTruncated: page.isTruncated,
      Uploads: page.uploads.map((u) => ({
        Key: encode(u.key),
        UploadId: u.uploadId,
        Initiated: u.initiated,
        StorageClass: 'STANDARD',
        Owner: owner,
        Initiator: owner,
      })),
    };
  };
