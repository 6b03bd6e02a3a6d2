import { logsModel } from '../models/logs.js';
import type { AnyOperation, ServiceDefinition } from '../wire/Service.js';
import type { LogsDeps } from './common.js';
import { createLogGroup } from './createLogGroup.js';
import { createLogStream } from './createLogStream.js';
import { deleteLogGroup } from './deleteLogGroup.js';
import { deleteLogStream } from './deleteLogStream.js';
import { deleteRetentionPolicy } from './deleteRetentionPolicy.js';
import { describeLogGroups } from './describeLogGroups.js';
import { describeLogStreams } from './describeLogStreams.js';
import { logsError } from './errors.js';
import { filterLogEvents } from './filterLogEvents.js';
import { getLogEvents } from './getLogEvents.js';
import { listTagsForResource } from './listTagsForResource.js';
import { listTagsLogGroup } from './listTagsLogGroup.js';
import { putLogEvents } from './putLogEvents.js';
import { putRetentionPolicy } from './putRetentionPolicy.js';
import { tagLogGroup } from './tagLogGroup.js';
import { tagResource } from './tagResource.js';
import { untagLogGroup } from './untagLogGroup.js';
import { untagResource } from './untagResource.js';

/** The supported CloudWatch Logs operations (docs/services/logs.md lists them too). */
const OPERATIONS = {
  CreateLogGroup: createLogGroup,
  CreateLogStream: createLogStream,
  DeleteLogGroup: deleteLogGroup,
  DeleteLogStream: deleteLogStream,
  DeleteRetentionPolicy: deleteRetentionPolicy,
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  FilterLogEvents: filterLogEvents,
  GetLogEvents: getLogEvents,
  ListTagsForResource: listTagsForResource,
  ListTagsLogGroup: listTagsLogGroup,
  PutLogEvents: putLogEvents,
  PutRetentionPolicy: putRetentionPolicy,
  TagLogGroup: tagLogGroup,
  TagResource: tagResource,
  UntagLogGroup: untagLogGroup,
  UntagResource: untagResource,
} as const;

export const LOGS_OPERATIONS = Object.keys(OPERATIONS);

export function logsService(deps: LogsDeps): ServiceDefinition {
  const operations: Record<string, AnyOperation> = {};
  for (const [name, make] of Object.entries(OPERATIONS)) operations[name] = make(deps) as AnyOperation;
  // CloudWatch Logs reports failed constraints as InvalidParameterException, not ValidationException.
  return { model: logsModel, operations, mapError: logsError, validationErrorCode: 'InvalidParameterException' };
}
