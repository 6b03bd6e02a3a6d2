import type { SubscribeToShardEventStream, SubscribeToShardInput, SubscribeToShardOutput } from '@aws-sdk/client-kinesis';
import type { SubscriptionEvent } from '../../engines/streams/ShardSubscription.js';
import type { Operation } from '../wire/Service.js';
import type { KinesisDeps } from './common.js';
import { parseConsumerArn } from './consumerArn.js';
import { childShardShape, recordShape } from './getRecords.js';

/**
 * Enhanced fan-out: checks everything first (errors are plain JSON answers), then the wire
 * layer sends the events as an `application/vnd.amazon.eventstream` body.
 */
export const subscribeToShard = ({ consumers }: KinesisDeps): Operation<SubscribeToShardInput, SubscribeToShardOutput> =>
  async (input, ctx) => {
    const ref = parseConsumerArn(input.ConsumerARN!, ctx);
    const start = input.StartingPosition!;
    const events = await consumers.subscribe(
      ref.streamName,
      ref.consumerName,
      ref.createdSec,
      input.ShardId!,
      { type: start.Type!, sequenceNumber: start.SequenceNumber, timestampMs: start.Timestamp?.getTime() },
      ctx.signal,
    );
    return { EventStream: render(events) };
  };

async function* render(events: AsyncIterable<SubscriptionEvent>): AsyncGenerator<SubscribeToShardEventStream> {
  for await (const e of events) {
    yield {
      SubscribeToShardEvent: {
        Records: e.records.map(recordShape),
        // Absent on the last event of a closed shard, which is how the KCL recognises the shard's end.
        ContinuationSequenceNumber: e.continuationSequenceNumber as string,
        MillisBehindLatest: e.millisBehindLatest,
        ...(e.childShards ? { ChildShards: e.childShards.map(childShardShape) } : {}),
      },
    };
  }
}
