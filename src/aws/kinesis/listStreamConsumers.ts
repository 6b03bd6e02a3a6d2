import type { ListStreamConsumersInput, ListStreamConsumersOutput } from '@aws-sdk/client-kinesis';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { decodeToken, encodeToken, resolveStreamName, type KinesisDeps } from './common.js';
import { consumerArn } from './consumerArn.js';

interface ListConsumersToken {
  stream: string;
  /** Consumers already listed. */
  skip: number;
  created: number;
}
const isToken = (v: unknown): v is ListConsumersToken =>
  typeof v === 'object' && v !== null && typeof (v as ListConsumersToken).stream === 'string' && typeof (v as ListConsumersToken).skip === 'number';

const DEFAULT_MAX_RESULTS = 100;

export const listStreamConsumers = ({ streams, consumers }: KinesisDeps): Operation<ListStreamConsumersInput, ListStreamConsumersOutput> =>
  (input, ctx) => {
    const name = resolveStreamName({ StreamARN: input.StreamARN }, ctx);
    const created = streams.summary(name).createdAtMs;
    if (input.StreamCreationTimestamp !== undefined && input.StreamCreationTimestamp.getTime() !== created) {
      throw new AwsError('ResourceNotFoundException', `Stream ${name} with the given creation time under account ${ctx.accountId} not found.`);
    }
    let skip = 0;
    if (input.NextToken !== undefined) {
      const token = decodeToken(input.NextToken, isToken);
      if (token.stream !== name) throw new AwsError('InvalidArgumentException', 'The NextToken was issued for another stream.');
      if (token.created !== created) throw new AwsError('ExpiredNextTokenException', 'The NextToken names a stream that has since been deleted.');
      skip = token.skip;
    }
    const all = consumers.list(name);
    const limit = input.MaxResults ?? DEFAULT_MAX_RESULTS;
    const page = all.slice(skip, skip + limit);
    const more = skip + limit < all.length;
    return {
      Consumers: page.map((c) => ({
        ConsumerName: c.name,
        ConsumerARN: consumerArn(ctx, c),
        ConsumerStatus: c.status,
        ConsumerCreationTimestamp: new Date(c.createdAtMs),
      })),
      ...(more ? { NextToken: encodeToken({ stream: name, skip: skip + limit, created }) } : {}),
    };
  };
