import type { ListDeliveryStreamsInput, ListDeliveryStreamsOutput } from '@aws-sdk/client-firehose';
import type { Operation } from '../wire/Service.js';
import type { FirehoseDeps } from './common.js';

export const listDeliveryStreams = ({ delivery }: FirehoseDeps): Operation<ListDeliveryStreamsInput, ListDeliveryStreamsOutput> =>
  (input) => {
    const type = input.DeliveryStreamType;
    // Other source types exist on AWS (MSK, databases); Lakehose has no streams of them.
    if (type !== undefined && type !== 'DirectPut' && type !== 'KinesisStreamAsSource') {
      return { DeliveryStreamNames: [], HasMoreDeliveryStreams: false };
    }
    const page = delivery.list({ type, exclusiveStartName: input.ExclusiveStartDeliveryStreamName, limit: input.Limit });
    return { DeliveryStreamNames: page.names, HasMoreDeliveryStreams: page.hasMore };
  };
