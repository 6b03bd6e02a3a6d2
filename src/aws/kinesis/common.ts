import type { StreamConsumers } from '../../engines/streams/StreamConsumers.js';
import type { StreamsEngine } from '../../engines/streams/StreamsEngine.js';
import { AwsError } from '../wire/AwsError.js';
import type { RequestContext } from '../wire/Service.js';

/** What every Kinesis operation is built from. */
export interface KinesisDeps {
  readonly streams: StreamsEngine;
  /** Enhanced fan-out consumers and their subscriptions. */
  readonly consumers: StreamConsumers;
}

export function streamArn(ctx: RequestContext, name: string): string {
  return `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:stream/${name}`;
}

const ARN_RE = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]+)$/;

/**
 * The stream an operation names, by StreamName or StreamARN (AWS accepts either, and both
 * when they agree).
 */
export function resolveStreamName(input: { StreamName?: string | undefined; StreamARN?: string | undefined }, ctx: RequestContext): string {
  let fromArn: string | undefined;
  if (input.StreamARN !== undefined) {
    const m = ARN_RE.exec(input.StreamARN);
    if (!m) throw new AwsError('InvalidArgumentException', `StreamARN ${input.StreamARN} is not a valid Kinesis stream ARN.`);
    if (m[2] !== ctx.accountId || m[1] !== ctx.region) {
      throw new AwsError('ResourceNotFoundException', `Stream ${m[3]} under account ${m[2]} not found.`);
    }
    fromArn = m[3]!;
  }
  if (input.StreamName !== undefined && fromArn !== undefined && input.StreamName !== fromArn) {
    throw new AwsError('InvalidArgumentException', `StreamName ${input.StreamName} and StreamARN ${input.StreamARN} name different streams.`);
  }
  const name = input.StreamName ?? fromArn;
  if (name === undefined) throw new AwsError('InvalidArgumentException', 'Either StreamName or StreamARN must be provided.');
  return name;
}

/** Opaque pagination tokens: base64 of a small JSON document. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw new AwsError('InvalidArgumentException', 'Invalid NextToken.');
}

/**
 * The KMS key of Start/StopStreamEncryption. Only KMS is a valid type; the key is recorded
 * and shown, not used (Lakehose keeps records as they are, on the local disk).
 */
export function encryptionKeyOf(input: { EncryptionType?: string | undefined; KeyId?: string | undefined }): string {
  if (input.EncryptionType !== 'KMS') throw new AwsError('InvalidArgumentException', `EncryptionType ${input.EncryptionType ?? '(none)'} is not valid; the only valid value is KMS.`);
  return input.KeyId!;
}
