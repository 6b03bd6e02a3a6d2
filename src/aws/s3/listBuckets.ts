import type { ListBucketsOutput, ListBucketsRequest } from '@aws-sdk/client-s3';
import type { Operation } from '../wire/Service.js';
import { AwsError } from '../wire/AwsError.js';
import { ownerOf, type S3Deps } from './common.js';

/** The continuation token is the last bucket name of the page, opaque to the client. */
const tokenOf = (name: string) => Buffer.from(name, 'utf8').toString('base64url');
const nameOf = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

export const listBuckets = ({ lake, region, accountId }: S3Deps): Operation<ListBucketsRequest, ListBucketsOutput> =>
  async (input) => {
    const max = input.MaxBuckets ?? 10_000;
    if (!Number.isInteger(max) || max < 1 || max > 10_000) {
      throw new AwsError('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000', 400, { ArgumentName: 'max-buckets' });
    }
    const after = input.ContinuationToken !== undefined ? nameOf(input.ContinuationToken) : undefined;
    const matching = (await lake.listBuckets()).filter(
      (b) => (input.Prefix === undefined || b.name.startsWith(input.Prefix)) && (after === undefined || b.name > after),
    );
    const page = matching.slice(0, max);
    const truncated = matching.length > page.length;
    return {
      Owner: ownerOf(accountId),
      Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.creationDate, BucketRegion: region })),
      ...(input.Prefix !== undefined ? { Prefix: input.Prefix } : {}),
      ...(truncated ? { ContinuationToken: tokenOf(page[page.length - 1]!.name) } : {}),
    };
  };
