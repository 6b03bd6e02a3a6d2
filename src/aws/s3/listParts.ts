import type { ListPartsOutput, ListPartsRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { checksumMembers, ownerOf, requireBucket, type S3Deps } from './common.js';
import { quoteEtag } from './restXml/httpValues.js';

export const listParts = ({ lake, accountId }: S3Deps): Operation<ListPartsRequest, ListPartsOutput> =>
  async (input) => {
    const bucket = requireBucket(input.Bucket);
    const maxParts = input.MaxParts ?? 1000;
    const marker = input.PartNumberMarker === undefined ? undefined : Number(input.PartNumberMarker);
    const upload = await lake.describeUpload(bucket, input.Key!, input.UploadId!);
    const page = await lake.listParts(bucket, input.Key!, input.UploadId!, { maxParts, ...(marker !== undefined ? { partNumberMarker: marker } : {}) });
    const owner = ownerOf(accountId);
    return {
      Bucket: bucket,
      Key: input.Key!,
      UploadId: input.UploadId!,
      PartNumberMarker: String(marker ?? 0),
      ...(page.nextPartNumberMarker !== undefined ? { NextPartNumberMarker: String(page.nextPartNumberMarker) } : {}),
      MaxParts: maxParts,
      IsTruncated: page.isTruncated,
      Parts: page.parts.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: p.lastModified,
        ETag: quoteEtag(p.etag),
        Size: p.size,
        ...(p.checksum ? checksumMembers({ [p.checksum.algorithm]: p.checksum.value }) : {}),
      })),
      ...(upload.checksum ? { ChecksumAlgorithm: upload.checksum.algorithm, ChecksumType: upload.checksum.type } : {}),
      Initiator: owner,
      Owner: owner,
      StorageClass: 'STANDARD',
    };
  };
