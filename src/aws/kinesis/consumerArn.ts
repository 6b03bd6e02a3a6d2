import type { ConsumerView } from '../../engines/streams/Consumer.js';
import { AwsError } from '../wire/AwsError.js';
import type { RequestContext } from '../wire/Service.js';
import { resolveStreamName, streamArn } from './common.js';

/** `arn:aws:kinesis:<region>:<account>:stream/<stream>/consumer/<name>:<creation epoch seconds>` */
export function consumerArn(ctx: RequestContext, c: ConsumerView): string {
  return `${streamArn(ctx, c.streamName)}/consumer/${c.name}:${Math.floor(c.createdAtMs / 1000)}`;
}

const CONSUMER_ARN_RE = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)\/consumer\/([a-zA-Z0-9_.-]+):(\d+)$/;

export interface ConsumerRef {
  readonly streamName: string;
  readonly consumerName: string;
  /** Present when the consumer was named by ARN: the registration it was issued for. */
  readonly createdSec: number | undefined;
}

export function parseConsumerArn(arn: string, ctx: RequestContext): ConsumerRef {
  const m = CONSUMER_ARN_RE.exec(arn);
  if (!m) throw new AwsError('InvalidArgumentException', `ConsumerARN ${arn} is not a valid Kinesis consumer ARN.`);
  if (m[1] !== ctx.region || m[2] !== ctx.accountId) {
    throw new AwsError('ResourceNotFoundException', `Consumer ${arn} not found.`);
  }
  return { streamName: m[3]!, consumerName: m[4]!, createdSec: Number(m[5]) };
}

/** DescribeStreamConsumer and DeregisterStreamConsumer name a consumer by ARN, or by StreamARN and ConsumerName. */
export function resolveConsumer(
  input: { StreamARN?: string | undefined; ConsumerName?: string | undefined; ConsumerARN?: string | undefined },
  ctx: RequestContext,
): ConsumerRef {
  if (input.ConsumerARN !== undefined) {
    if (input.StreamARN !== undefined || input.ConsumerName !== undefined) {
      throw new AwsError('InvalidArgumentException', 'Specify either ConsumerARN, or both StreamARN and ConsumerName, not both.');
    }
    return parseConsumerArn(input.ConsumerARN, ctx);
  }
  if (input.StreamARN === undefined || input.ConsumerName === undefined) {
    throw new AwsError('InvalidArgumentException', 'Specify either ConsumerARN, or both StreamARN and ConsumerName.');
  }
  return { streamName: resolveStreamName({ StreamARN: input.StreamARN }, ctx), consumerName: input.ConsumerName, createdSec: undefined };
}
