import type { PublishInput, PublishResponse } from '@aws-sdk/client-sns';
import { AwsError } from '../wire/AwsError.js';
import type { Operation } from '../wire/Service.js';
import { publishRequest, type SnsDeps } from './common.js';

/** A topic by TopicArn (or a topic ARN given as TargetArn); SMS and mobile push are not available. */
export const publish = ({ topics }: SnsDeps): Operation<PublishInput, PublishResponse> =>
  async (input) => {
    if (input.PhoneNumber !== undefined) throw new AwsError('InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: Lakehose does not send SMS');
    const arn = input.TopicArn ?? input.TargetArn;
    if (arn === undefined) throw new AwsError('InvalidParameterException', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
    if (input.TopicArn === undefined && !/^arn:aws[a-z-]*:sns:[^:]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn)) {
      throw new AwsError('InvalidParameterException', 'Invalid parameter: TargetArn Reason: Lakehose has no platform endpoints');
    }
    const result = await topics.publish(arn, publishRequest(input));
    return { MessageId: result.messageId, ...(result.sequenceNumber !== undefined ? { SequenceNumber: result.sequenceNumber } : {}) };
  };
