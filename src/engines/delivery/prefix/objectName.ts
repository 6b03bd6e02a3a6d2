/**
 * Object keys of delivered objects: `<evaluated prefix><suffix>`, the suffix being
 * `<stream name>-<stream version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid><file extension>`
 * (https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html), with the
 * time in CustomTimeZone like the prefix.
 *
 * Exactly-once needs a replay to produce the same key, so nothing here reads the clock
 * or a random generator: the caller passes the instant (use the oldest arrival time of
 * the records in the object) and a batch identity from which the UUID and random strings
 * are derived.
 */

import { objectUuidFor, prefixRandomFor } from './deterministicRandom.js';
import { evaluatePrefix, type EvaluateResult, type PrefixContext, type PrefixTemplate } from './prefixTemplate.js';
import { DEFAULT_TIME_ZONE, zonedFields } from './zonedTime.js';

export interface ObjectNameParts {
  readonly streamName: string;
  /** Starts at 1, +1 on every destination update. */
  readonly streamVersion: number;
  /** Instant printed in the name (epoch ms). */
  readonly instantMs: number;
  readonly timeZone?: string | undefined;
  readonly uuid: string;
  /** '' or a '.ext' (FileExtension, or the compression/format default). */
  readonly extension?: string | undefined;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The fixed suffix of an object key. */
export function objectName(parts: ObjectNameParts): string {
  const f = zonedFields(parts.instantMs, parts.timeZone ?? DEFAULT_TIME_ZONE);
  const year = String(f.year).padStart(4, '0');
  const time = `${year}-${two(f.month)}-${two(f.day)}-${two(f.hour)}-${two(f.minute)}-${two(f.second)}`;
  return `${parts.streamName}-${parts.streamVersion}-${time}-${parts.uuid}${parts.extension ?? ''}`;
}

export interface ObjectKeyRequest {
  readonly template: PrefixTemplate;
  /** Identity of the batch (e.g. a hash of stream name and source position range); seeds every random part. */
  readonly batchIdentity: string;
  readonly streamName: string;
  readonly streamVersion: number;
  readonly oldestArrivalMs: number;
  readonly timeZone?: string | undefined;
  readonly extension?: string | undefined;
  readonly partitionKeysFromQuery?: Readonly<Record<string, string>> | undefined;
  readonly partitionKeysFromLambda?: Readonly<Record<string, string>> | undefined;
  readonly errorOutputType?: string | undefined;
}

/**
 * The full key for one object: evaluated prefix plus suffix, every random part derived
 * from `batchIdentity`, times from the oldest arrival. Fails like evaluatePrefix does.
 */
export function objectKeyFor(req: ObjectKeyRequest): EvaluateResult {
  const ctx: PrefixContext = {
    oldestArrivalMs: req.oldestArrivalMs,
    timeZone: req.timeZone,
    partitionKeysFromQuery: req.partitionKeysFromQuery,
    partitionKeysFromLambda: req.partitionKeysFromLambda,
    errorOutputType: req.errorOutputType,
    random: prefixRandomFor(req.batchIdentity),
  };
  const prefix = evaluatePrefix(req.template, ctx);
  if (!prefix.ok) return prefix;
  const name = objectName({
    streamName: req.streamName,
    streamVersion: req.streamVersion,
    instantMs: req.oldestArrivalMs,
    timeZone: req.timeZone,
    uuid: objectUuidFor(req.batchIdentity),
    extension: req.extension,
  });
  return { ok: true, value: prefix.value + name };
}
