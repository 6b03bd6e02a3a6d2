import type { LogsEngine } from '../../engines/logs/LogsEngine.js';
import { AwsError } from '../wire/AwsError.js';

/** What every CloudWatch Logs operation is built from. */
export interface LogsDeps {
  readonly logs: LogsEngine;
}

export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message, 400);

const GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([^:]+)(?::\*)?$/;

/** The group an operation names, by logGroupName or logGroupIdentifier (a name or an ARN). */
export function groupName(input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined }): string {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw invalidParameter('LogGroupName and LogGroupIdentifier are mutually exclusive.');
  }
  const id = input.logGroupIdentifier;
  if (id !== undefined) {
    if (!id.startsWith('arn:')) return id;
    const m = GROUP_ARN.exec(id);
    if (!m) throw invalidParameter(`${id} is not a log group ARN.`);
    return m[1]!;
  }
  if (input.logGroupName === undefined) throw invalidParameter('Either LogGroupName or LogGroupIdentifier must be given.');
  return input.logGroupName;
}

/** A log group ARN (TagResource, ListTagsForResource) → its name. */
export function groupFromArn(arn: string): string {
  const m = GROUP_ARN.exec(arn);
  if (!m) throw new AwsError('ResourceNotFoundException', `The specified resource ${arn} does not exist.`, 400);
  return m[1]!;
}

/** Offset tokens for the describe calls. */
export function page<T>(items: readonly T[], token: string | undefined, limit: number): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined) {
    const m = /^o\/(\d+)$/.exec(token);
    if (!m) throw invalidParameter('The specified nextToken is invalid.');
    offset = Number(m[1]);
  }
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length ? { items: slice, nextToken: `o/${offset + limit}` } : { items: slice };
}
