import type { DeleteObjectsOutput, DeleteObjectsRequest } from '@aws-sdk/client-s3';
import { MAX_DELETE_KEYS } from '../../engines/lake/Lake.js';
import type { Operation } from '../wire/Service.js';
import { requireBucket, type S3Deps } from './common.js';
import { s3Error } from './errors.js';
import { malformedXml } from './restXml/RequestDecoder.js';

export const deleteObjects = ({ lake }: S3Deps): Operation<DeleteObjectsRequest, DeleteObjectsOutput> =>
  async (input) => {
    const objects = input.Delete?.Objects ?? [];
    if (objects.length === 0 || objects.length > MAX_DELETE_KEYS || objects.some((o) => typeof o.Key !== 'string')) {
      throw malformedXml();
    }
    const results = await lake.deleteObjects(requireBucket(input.Bucket), objects.map((o) => o.Key!));
    const output: DeleteObjectsOutput = {};
    const deleted = results.filter((r) => r.deleted).map((r) => ({ Key: r.key }));
    const errors = results.flatMap((r) => {
      if (r.deleted) return [];
      const e = s3Error(r.error);
      return [{ Key: r.key, Code: e?.code ?? 'InternalError', Message: e?.message ?? 'We encountered an internal error. Please try again.' }];
    });
    // Quiet mode reports only the keys that failed.
    if (!input.Delete?.Quiet && deleted.length > 0) output.Deleted = deleted;
    if (errors.length > 0) output.Errors = errors;
    return output;
  };
