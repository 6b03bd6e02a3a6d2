import type { ListShardsInput, ListShardsOutput } from '@aws-sdk/client-kinesis';
import type { ShardView } from '../../engines/streams/StreamsEngine.js';
import { shardIndexOf } from '../../engines/streams/Stream.js';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, resolveStreamName, type KinesisDeps } from './common.js';
import { shardShape } from './describeStream.js';

interface ListShardsToken {
  stream: string;
  after: number;
  created: number;
}
const isToken = (v: unknown): v is ListShardsToken =>
  typeof v === 'object' && v !== null && typeof (v as ListShardsToken).stream === 'string' && typeof (v as ListShardsToken).after === 'number';

export const listShards = ({ streams }: KinesisDeps): Operation<ListShardsInput, ListShardsOutput> =>
  (input, ctx) => {
    let name: string;
    let after = -1;
    if (input.NextToken !== undefined) {
      if (input.StreamName !== undefined) throw new AwsError('InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
      const token = decodeToken(input.NextToken, isToken);
      name = token.stream;
      after = token.after;
      if (streams.summary(name).createdAtMs !== token.created) {
        throw new AwsError('ExpiredNextTokenException', 'The NextToken names a stream that has since been deleted.');
      }
    } else {
      if (input.StreamName === undefined && input.StreamARN === undefined) {
        throw new AwsError('InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
      }
      name = resolveStreamName(input, ctx);
      if (input.ExclusiveStartShardId !== undefined) after = shardIndexOf(input.ExclusiveStartShardId) ?? -1;
    }
    const summary = streams.summary(name);
    if (input.StreamCreationTimestamp !== undefined && input.StreamCreationTimestamp.getTime() !== summary.createdAtMs) {
      throw new AwsError('ResourceNotFoundException', `Stream ${name} with the given creation time under account ${ctx.accountId} not found.`);
    }
    let shards = streams.shards(name).filter((s) => indexOf(s) > after);
    shards = applyFilter(shards, input.ShardFilter);
    const limit = input.MaxResults ?? 1000;
    const page = shards.slice(0, limit);
    const more = shards.length > limit;
    return {
      Shards: page.map(shardShape),
      ...(more ? { NextToken: encodeToken({ stream: name, after: indexOf(page[page.length - 1]!), created: summary.createdAtMs }) } : {}),
    };
  };

function indexOf(s: ShardView): number {
  return shardIndexOf(s.shardId) ?? -1;
}

function applyFilter(shards: ShardView[], filter: ListShardsInput['ShardFilter']): ShardView[] {
  if (!filter) return shards;
  const ids = new Set(shards.map((s) => s.shardId));
  switch (filter.Type) {
    case 'AFTER_SHARD_ID': {
      if (filter.ShardId === undefined) throw new AwsError('InvalidArgumentException', 'ShardFilter of type AFTER_SHARD_ID requires a ShardId.');
      const after = shardIndexOf(filter.ShardId) ?? -1;
      return shards.filter((s) => indexOf(s) > after);
    }
    case 'AT_LATEST':
      return shards.filter((s) => s.endingSequenceNumber === undefined);
    case 'AT_TRIM_HORIZON':
      // The oldest generation still retained: shards whose parents are gone.
      return shards.filter((s) => !(s.parentShardId && ids.has(s.parentShardId)) && !(s.adjacentParentShardId && ids.has(s.adjacentParentShardId)));
    case 'FROM_TRIM_HORIZON':
      return shards;
    case 'AT_TIMESTAMP':
    case 'FROM_TIMESTAMP':
      if (filter.Timestamp === undefined) throw new AwsError('InvalidArgumentException', `ShardFilter of type ${filter.Type} requires a Timestamp.`);
    {
      const t = filter.Timestamp.getTime();
      return filter.Type === 'AT_TIMESTAMP'
        ? shards.filter((s) => s.openedAtMs <= t && (s.closedAtMs === undefined || s.closedAtMs > t))
        : shards.filter((s) => s.closedAtMs === undefined || s.closedAtMs >= t);
    }
    default:
      throw new AwsError('InvalidArgumentException', `Unknown ShardFilter type ${String(filter.Type)}.`);
  }
}
