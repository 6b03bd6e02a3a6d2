/**
 * S3 prefixes of a delivery stream (`Prefix`, `ErrorOutputPrefix`): parsing, AWS's validation
 * rules, the defaults AWS applies, and evaluation for one object.
 *
 * Rules come from https://docs.aws.amazon.com/firehose/latest/dev/s3-prefixes.html and the
 * dynamic-partitioning pages. Where the docs contradict each other we chose as follows:
 *  - A Prefix with neither a timestamp nor a partition-key expression gets
 *    `!{timestamp:yyyy/MM/dd/HH/}` appended by plain concatenation (no '/' inserted:
 *    `logs` gives `logs2018/08/27/10/`). The docs' rule says "no timestamp expression"; their
 *    dynamic-partitioning example shows a partition-key prefix with nothing appended.
 *  - With ErrorOutputPrefix null or empty (allowed only when Prefix has no expressions) the
 *    error prefix is `<Prefix><error-output-type>/yyyy/MM/dd/HH/`. The rule's text omits the
 *    '/' after the type and says DDD (day of year); its own example shows `processing-failed/2018/08/27/`.
 */

import { compileDatePattern, type DatePattern } from './datePattern.js';
import type { RandomSource } from './deterministicRandom.js';
import { nextRandomString } from './deterministicRandom.js';
import { DEFAULT_TIME_ZONE, zonedFields, type ZonedFields } from './zonedTime.js';

export type PrefixKind = 'prefix' | 'errorOutputPrefix';
export type PartitionKeySource = 'query' | 'lambda';

export type PrefixSegment =
  | { readonly type: 'literal'; readonly text: string }
  | { readonly type: 'timestamp'; readonly pattern: DatePattern }
  | { readonly type: 'randomString' }
  | { readonly type: 'errorOutputType' }
  | { readonly type: 'partitionKey'; readonly source: PartitionKeySource; readonly key: string };

export interface PrefixTemplate {
  readonly kind: PrefixKind;
  /** The configured text ('' when absent). */
  readonly source: string;
  readonly segments: readonly PrefixSegment[];
  /** The configured text used `!{...}` expressions (defaults we add do not count). */
  readonly hasExpressions: boolean;
}

export type CompileResult =
  | { readonly ok: true; readonly template: PrefixTemplate }
  | { readonly ok: false; readonly errors: readonly string[] };

export interface PrefixOptions {
  /** DynamicPartitioningConfiguration.Enabled of the destination. */
  readonly dynamicPartitioning: boolean;
}

/** API model bound on the configured text. */
export const MAX_PREFIX_LENGTH = 1024;
/** "Neither Prefix nor ErrorOutputPrefix can be greater than 512 characters after they're evaluated." */
export const MAX_EVALUATED_PREFIX_LENGTH = 512;
/** What AWS appends to a Prefix without timestamp or partition-key expressions. */
export const DEFAULT_TIME_PATTERN = 'yyyy/MM/dd/HH/';

/** error-output-type values: the documented ones plus the dynamic-partitioning one. */
export const KNOWN_ERROR_OUTPUT_TYPES = [
  'processing-failed',
  'format-conversion-failed',
  'AmazonOpenSearchService-failed',
  'splunk-failed',
  'http-endpoint-failed',
  'activePartitionExceeded',
] as const;

// AWS's lead-in, typo included, as seen in InvalidArgumentException responses.
const CONSTRAINT = 'Ths supplied prefix(es) do not satisfy the following constraint: ';
/** Confirmed AWS message (terraform-provider-aws#13416, serverless#6015). */
export const ERROR_PREFIX_REQUIRED_MESSAGE = `${CONSTRAINT}ErrorOutputPrefix cannot be null or empty when Prefix contains expressions`;

const NAMESPACES = 'firehose, timestamp, partitionKeyFromQuery and partitionKeyFromLambda';

function fieldName(kind: PrefixKind): string {
  return kind === 'prefix' ? 'Prefix' : 'ErrorOutputPrefix';
}

const DEFAULT_TIME_SEGMENT: PrefixSegment = (() => {
  const compiled = compileDatePattern(DEFAULT_TIME_PATTERN);
  if (!compiled.ok) throw new Error(compiled.error);
  return { type: 'timestamp', pattern: compiled.pattern };
})();

function parseExpression(body: string, kind: PrefixKind, opts: PrefixOptions, errors: string[]): PrefixSegment | undefined {
  const field = fieldName(kind);
  const colon = body.indexOf(':');
  const namespace = colon < 0 ? body : body.slice(0, colon);
  const value = colon < 0 ? '' : body.slice(colon + 1);
  const shown = `!{${body}}`;
  if (colon < 0) {
    errors.push(`${CONSTRAINT}Expression ${shown} in ${field} must have the form !{namespace:value}`);
    return undefined;
  }
  switch (namespace) {
    case 'timestamp': {
      if (value === '') {
        errors.push(`${CONSTRAINT}Expression ${shown} in ${field} must give a DateTimeFormatter pattern`);
        return undefined;
      }
      const compiled = compileDatePattern(value);
      if (!compiled.ok) {
        errors.push(`${CONSTRAINT}Invalid timestamp pattern '${value}' in ${field}: ${compiled.error}`);
        return undefined;
      }
      return { type: 'timestamp', pattern: compiled.pattern };
    }
    case 'firehose':
      if (value === 'random-string') return { type: 'randomString' };
      if (value === 'error-output-type') {
        if (kind === 'prefix') {
          errors.push(`${CONSTRAINT}Prefix can't contain !{firehose:error-output-type}`);
          return undefined;
        }
        return { type: 'errorOutputType' };
      }
      errors.push(`${CONSTRAINT}Unknown value '${value}' in ${shown} in ${field}; the firehose namespace takes error-output-type or random-string`);
      return undefined;
    case 'partitionKeyFromQuery':
    case 'partitionKeyFromLambda': {
      const source: PartitionKeySource = namespace === 'partitionKeyFromQuery' ? 'query' : 'lambda';
      if (kind === 'errorOutputPrefix') {
        errors.push(`${CONSTRAINT}ErrorOutputPrefix can't contain partitionKeyFromQuery or partitionKeyFromLambda expressions`);
        return undefined;
      }
      if (!opts.dynamicPartitioning) {
        errors.push(`${CONSTRAINT}${shown} can be used in Prefix only when dynamic partitioning is enabled`);
        return undefined;
      }
      if (value === '' || value.includes('{')) {
        errors.push(`${CONSTRAINT}Expression ${shown} in ${field} must name a partition key`);
        return undefined;
      }
      return { type: 'partitionKey', source, key: value };
    }
    default:
      errors.push(`${CONSTRAINT}Unknown namespace '${namespace}' in ${shown} in ${field}; valid namespaces are ${NAMESPACES}`);
      return undefined;
  }
}

/**
 * Parses and checks one prefix on its own (rules that need both prefixes are in
 * compileS3Prefixes). `null`/`undefined` is the same as ''. The template is the configured
 * text only: no defaults added.
 */
export function compilePrefix(text: string | null | undefined, kind: PrefixKind, opts: PrefixOptions): CompileResult {
  const source = text ?? '';
  const field = fieldName(kind);
  const errors: string[] = [];
  if (source.length > MAX_PREFIX_LENGTH) {
    errors.push(`${CONSTRAINT}${field} cannot be longer than ${MAX_PREFIX_LENGTH} characters`);
  }
  const segments: PrefixSegment[] = [];
  let hasExpressions = false;
  let pos = 0;
  while (pos < source.length) {
    const start = source.indexOf('!{', pos);
    if (start < 0) {
      segments.push({ type: 'literal', text: source.slice(pos) });
      break;
    }
    if (start > pos) segments.push({ type: 'literal', text: source.slice(pos, start) });
    const end = source.indexOf('}', start + 2);
    if (end < 0) {
      errors.push(`${CONSTRAINT}The sequence !{ can only appear in !{namespace:value} expressions (unterminated expression in ${field})`);
      break;
    }
    hasExpressions = true;
    const segment = parseExpression(source.slice(start + 2, end), kind, opts, errors);
    if (segment !== undefined) segments.push(segment);
    pos = end + 1;
  }
  if (kind === 'errorOutputPrefix' && hasExpressions && !segments.some((s) => s.type === 'errorOutputType')) {
    // An error-output-type that failed to parse would already have been reported.
    errors.push(`${CONSTRAINT}ErrorOutputPrefix must contain !{firehose:error-output-type} when it contains expressions`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: { kind, source, segments: mergeLiterals(segments), hasExpressions } };
}

function mergeLiterals(segments: readonly PrefixSegment[]): PrefixSegment[] {
  const out: PrefixSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (s.type === 'literal' && last?.type === 'literal') out[out.length - 1] = { type: 'literal', text: last.text + s.text };
    else if (s.type !== 'literal' || s.text !== '') out.push(s);
  }
  return out;
}

/** The partition-key names a template uses, in first-use order, per source. */
export function partitionKeysOf(template: PrefixTemplate): { readonly fromQuery: string[]; readonly fromLambda: string[] } {
  const fromQuery: string[] = [];
  const fromLambda: string[] = [];
  for (const s of template.segments) {
    if (s.type !== 'partitionKey') continue;
    const list = s.source === 'query' ? fromQuery : fromLambda;
    if (!list.includes(s.key)) list.push(s.key);
  }
  return { fromQuery, fromLambda };
}

function uses(template: PrefixTemplate, type: PrefixSegment['type']): boolean {
  return template.segments.some((s) => s.type === type);
}

/** The error prefix AWS uses when ErrorOutputPrefix is null: `<prefix><error-output-type>/yyyy/MM/dd/HH/`. */
export function defaultErrorPrefixFor(prefixText: string | null | undefined): PrefixTemplate {
  const literal = prefixText ?? '';
  const segments: PrefixSegment[] = [];
  if (literal !== '') segments.push({ type: 'literal', text: literal });
  segments.push({ type: 'errorOutputType' }, { type: 'literal', text: '/' }, DEFAULT_TIME_SEGMENT);
  return { kind: 'errorOutputPrefix', source: '', segments, hasExpressions: false };
}

export interface S3PrefixConfig {
  readonly prefix?: string | null;
  readonly errorOutputPrefix?: string | null;
  readonly dynamicPartitioning: boolean;
}

export type S3PrefixesResult =
  | { readonly ok: true; readonly prefix: PrefixTemplate; readonly errorOutputPrefix: PrefixTemplate }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates a destination's two prefixes together and returns the templates delivery
 * evaluates, with AWS's defaults applied (time path appended to a plain Prefix, the
 * default error prefix when ErrorOutputPrefix is null).
 */
export function compileS3Prefixes(config: S3PrefixConfig): S3PrefixesResult {
  const opts: PrefixOptions = { dynamicPartitioning: config.dynamicPartitioning };
  const prefix = compilePrefix(config.prefix, 'prefix', opts);
  const errorText = config.errorOutputPrefix ?? '';
  const errorPrefix = errorText === '' ? undefined : compilePrefix(errorText, 'errorOutputPrefix', opts);
  const errors: string[] = [];
  if (!prefix.ok) errors.push(...prefix.errors);
  if (errorPrefix !== undefined && !errorPrefix.ok) errors.push(...errorPrefix.errors);

  const prefixHasExpressions = prefix.ok ? prefix.template.hasExpressions : (config.prefix ?? '').includes('!{');
  if (errorPrefix === undefined && prefixHasExpressions) errors.push(ERROR_PREFIX_REQUIRED_MESSAGE);
  if (config.dynamicPartitioning && prefix.ok && !uses(prefix.template, 'partitionKey')) {
    errors.push(`${CONSTRAINT}Prefix must contain at least one partitionKeyFromQuery or partitionKeyFromLambda expression when dynamic partitioning is enabled`);
  }
  if (errors.length > 0 || !prefix.ok || (errorPrefix !== undefined && !errorPrefix.ok)) return { ok: false, errors };

  let effective = prefix.template;
  if (!uses(effective, 'timestamp') && !uses(effective, 'partitionKey')) {
    effective = { ...effective, segments: mergeLiterals([...effective.segments, DEFAULT_TIME_SEGMENT]) };
  }
  return {
    ok: true,
    prefix: effective,
    errorOutputPrefix: errorPrefix === undefined ? defaultErrorPrefixFor(config.prefix) : errorPrefix.template,
  };
}

export interface PrefixContext {
  /** Approximate arrival time of the oldest record in the object (epoch ms). */
  readonly oldestArrivalMs: number;
  /** CustomTimeZone (IANA name); UTC when absent. */
  readonly timeZone?: string | undefined;
  readonly partitionKeysFromQuery?: Readonly<Record<string, string>> | undefined;
  readonly partitionKeysFromLambda?: Readonly<Record<string, string>> | undefined;
  /** Needed by templates with !{firehose:error-output-type}. */
  readonly errorOutputType?: string | undefined;
  /** Source of !{firehose:random-string}; seed it from the batch identity (prefixRandomFor). */
  readonly random: RandomSource;
}

export type EvaluateResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: 'missingPartitionKey' | 'tooLong'; readonly message: string };

/**
 * Evaluates a template for one object. All timestamp expressions print the same instant;
 * each random-string draws anew. A record whose prefix cannot be evaluated (missing key,
 * result too long) belongs under the error prefix, so those are results, not exceptions.
 */
export function evaluatePrefix(template: PrefixTemplate, ctx: PrefixContext): EvaluateResult {
  let fields: ZonedFields | undefined;
  let out = '';
  for (const s of template.segments) {
    switch (s.type) {
      case 'literal':
        out += s.text;
        break;
      case 'timestamp':
        fields ??= zonedFields(ctx.oldestArrivalMs, ctx.timeZone ?? DEFAULT_TIME_ZONE);
        out += s.pattern.format(fields);
        break;
      case 'randomString':
        out += nextRandomString(ctx.random);
        break;
      case 'errorOutputType':
        if (ctx.errorOutputType === undefined) throw new TypeError('evaluatePrefix: this template needs an errorOutputType');
        out += ctx.errorOutputType;
        break;
      case 'partitionKey': {
        const keys = s.source === 'query' ? ctx.partitionKeysFromQuery : ctx.partitionKeysFromLambda;
        const value = keys !== undefined && Object.hasOwn(keys, s.key) ? keys[s.key] : undefined;
        if (value === undefined) {
          const ns = s.source === 'query' ? 'partitionKeyFromQuery' : 'partitionKeyFromLambda';
          return { ok: false, reason: 'missingPartitionKey', message: `No value for partition key '${s.key}' (!{${ns}:${s.key}})` };
        }
        out += value;
        break;
      }
    }
  }
  if (out.length > MAX_EVALUATED_PREFIX_LENGTH) {
    return { ok: false, reason: 'tooLong', message: `Evaluated ${fieldName(template.kind)} is ${out.length} characters; at most ${MAX_EVALUATED_PREFIX_LENGTH} are allowed` };
  }
  return { ok: true, value: out };
}
