/**
 * The bucket settings tools read before they do anything (the CLI, Terraform's aws_s3_bucket,
 * SDK helpers): answered with what a new AWS bucket has, since Lakehose buckets have no
 * such settings. They are one table here rather than a file each because every entry is
 * the same two lines: check the bucket, answer the default or the "not configured" error.
 */
import { AwsError } from '../wire/AwsError.js';
import type { AnyOperation, Operation } from '../wire/Service.js';
import { ownerOf, requireBucket, type S3Deps } from './common.js';

interface BucketInput {
  readonly Bucket?: string | undefined;
  readonly Key?: string | undefined;
}

/** An operation that checks the bucket (and object, when one is named) and answers `answer`. */
function fixed(deps: S3Deps, answer: () => Record<string, unknown>): Operation<BucketInput, Record<string, unknown>> {
  return async (input) => {
    const bucket = requireBucket(input.Bucket);
    if (input.Key !== undefined) await deps.lake.headObject(bucket, input.Key);
    else await deps.lake.headBucket(bucket);
    return answer();
  };
}

function notConfigured(code: string, message: string): () => never {
  return () => {
    throw new AwsError(code, message, 404);
  };
}

function fullControl(deps: S3Deps) {
  const owner = ownerOf(deps.accountId);
  return () => ({
    Owner: owner,
    Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }],
  });
}

export function bucketConfigDefaults(deps: S3Deps): Record<string, AnyOperation> {
  const table: Record<string, () => Record<string, unknown>> = {
    GetBucketVersioning: () => ({}),
    GetBucketAcl: fullControl(deps),
    GetObjectAcl: fullControl(deps),
    GetBucketEncryption: () => ({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }],
      },
    }),
    GetBucketOwnershipControls: () => ({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }),
    GetBucketRequestPayment: () => ({ Payer: 'BucketOwner' }),
    GetBucketLogging: () => ({}),
    GetBucketAccelerateConfiguration: () => ({}),
    GetBucketNotificationConfiguration: () => ({}),
    GetObjectTagging: () => ({ TagSet: [] }),
    GetBucketPolicy: notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist'),
    GetBucketPolicyStatus: notConfigured('NoSuchBucketPolicy', 'The bucket policy does not exist'),
    GetBucketCors: notConfigured('NoSuchCORSConfiguration', 'The CORS configuration does not exist'),
    GetBucketTagging: notConfigured('NoSuchTagSet', 'The TagSet does not exist'),
    GetBucketLifecycleConfiguration: notConfigured('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist'),
    GetBucketWebsite: notConfigured('NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration'),
    GetBucketReplication: notConfigured('ReplicationConfigurationNotFoundError', 'The replication configuration was not found'),
    GetObjectLockConfiguration: notConfigured('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket'),
    GetPublicAccessBlock: notConfigured('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'),
  };
  const operations: Record<string, AnyOperation> = {};
  for (const [name, answer] of Object.entries(table)) operations[name] = fixed(deps, answer) as AnyOperation;
  return operations;
}
