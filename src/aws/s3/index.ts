import type { MetricsRecorder } from '../../engines/metrics/Metric.js';
import { s3Model } from '../models/s3.js';
import type { Authenticator } from '../wire/Authenticator.js';
import type { Logger } from '../wire/Logger.js';
import type { AnyOperation } from '../wire/Service.js';
import { abortMultipartUpload } from './abortMultipartUpload.js';
import { bucketConfigDefaults } from './bucketConfigDefaults.js';
import type { S3Deps } from './common.js';
import { completeMultipartUpload } from './completeMultipartUpload.js';
import { copyObject } from './copyObject.js';
import { createBucket } from './createBucket.js';
import { createMultipartUpload } from './createMultipartUpload.js';
import { deleteBucket } from './deleteBucket.js';
import { deleteObject } from './deleteObject.js';
import { deleteObjects } from './deleteObjects.js';
import { getBucketLocation } from './getBucketLocation.js';
import { getObject } from './getObject.js';
import { getObjectAttributes } from './getObjectAttributes.js';
import { headBucket } from './headBucket.js';
import { headObject } from './headObject.js';
import { listBuckets } from './listBuckets.js';
import { listMultipartUploads } from './listMultipartUploads.js';
import { listObjects } from './listObjects.js';
import { listObjectsV2 } from './listObjectsV2.js';
import { listParts } from './listParts.js';
import { putObject } from './putObject.js';
import { S3Protocol } from './S3Protocol.js';
import { uploadPart } from './uploadPart.js';
import { uploadPartCopy } from './uploadPartCopy.js';

export { isBrowserPageRequest } from './requestTarget.js';

/** The supported S3 operations (docs/services/s3.md lists them too); every other one answers NotImplemented. */
const OPERATIONS = {
  AbortMultipartUpload: abortMultipartUpload,
  CompleteMultipartUpload: completeMultipartUpload,
  CopyObject: copyObject,
  CreateBucket: createBucket,
  CreateMultipartUpload: createMultipartUpload,
  DeleteBucket: deleteBucket,
  DeleteObject: deleteObject,
  DeleteObjects: deleteObjects,
  GetBucketLocation: getBucketLocation,
  GetObject: getObject,
  GetObjectAttributes: getObjectAttributes,
  HeadBucket: headBucket,
  HeadObject: headObject,
  ListBuckets: listBuckets,
  ListMultipartUploads: listMultipartUploads,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListParts: listParts,
  PutObject: putObject,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
} as const;

export function s3Operations(deps: S3Deps): Record<string, AnyOperation> {
  const operations: Record<string, AnyOperation> = bucketConfigDefaults(deps);
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  return operations;
}

export interface S3RouteOptions extends S3Deps {
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly metrics: MetricsRecorder;
  readonly maxXmlBodyBytes?: number;
}

/** The S3 API as an edge route; put it after every other route (it takes any path). */
export function s3Route(options: S3RouteOptions): S3Protocol {
  return new S3Protocol({
    model: s3Model,
    operations: s3Operations(options),
    region: options.region,
    accountId: options.accountId,
    authenticator: options.authenticator,
    logger: options.logger,
    metrics: options.metrics,
    maxXmlBodyBytes: options.maxXmlBodyBytes ?? 4 * 1024 * 1024,
  });
}

export const S3_OPERATIONS = [...Object.keys(OPERATIONS)].sort();
