import { TopicsError } from '../TopicsError.js';

export type BackoffFunction = 'linear' | 'arithmetic' | 'geometric' | 'exponential';

/**
 * SNS's retry policy (`healthyRetryPolicy`), in its four phases
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html): retries
 * with no delay, retries at the minimum delay, a backoff from the minimum to the maximum
 * delay, and retries at the maximum delay. Delays are in seconds.
 */
export interface RetryPolicy {
  readonly minDelayTarget: number;
  readonly maxDelayTarget: number;
  readonly numRetries: number;
  readonly numNoDelayRetries: number;
  readonly numMinDelayRetries: number;
  readonly numMaxDelayRetries: number;
  readonly backoffFunction: BackoffFunction;
}

/** HTTP/S default: 3 retries, 20 s apart. */
export const HTTP_DEFAULT_RETRY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};

/**
 * AWS-managed endpoints (Lambda): 3 immediate retries, 2 at 1 s, 10 backing off from 1 to
 * 20 s, then 100,000 at 20 s: 100,015 retries over about 23 days.
 */
export const MANAGED_ENDPOINT_RETRY: RetryPolicy = {
  minDelayTarget: 1,
  maxDelayTarget: 20,
  numRetries: 100_015,
  numNoDelayRetries: 3,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 100_000,
  backoffFunction: 'exponential',
};

/**
 * Email through the configured SMTP server: AWS reports about 50 attempts over 6 hours for
 * customer-managed endpoints; this approximates that (10 s growing to 10 min).
 */
export const EMAIL_RETRY: RetryPolicy = {
  minDelayTarget: 10,
  maxDelayTarget: 600,
  numRetries: 49,
  numNoDelayRetries: 0,
  numMinDelayRetries: 1,
  numMaxDelayRetries: 30,
  backoffFunction: 'exponential',
};

/** AWS caps an HTTP/S policy's total retry time at one hour. */
export const MAX_TOTAL_RETRY_SECONDS = 3600;

/** Seconds to wait before retry number `retry` (1-based); undefined when the policy has no retry left. */
export function retryDelaySeconds(policy: RetryPolicy, retry: number): number | undefined {
  if (retry < 1 || retry > policy.numRetries) return undefined;
  const { numNoDelayRetries: none, numMinDelayRetries: atMin, numMaxDelayRetries: atMax } = policy;
  const backoff = Math.max(0, policy.numRetries - none - atMin - atMax);
  if (retry <= none) return 0;
  if (retry <= none + atMin) return policy.minDelayTarget;
  if (retry <= none + atMin + backoff) {
    const f = (retry - none - atMin) / backoff;
    return policy.minDelayTarget + (policy.maxDelayTarget - policy.minDelayTarget) * curve(policy.backoffFunction, f);
  }
  return policy.maxDelayTarget;
}

/**
 * How far (0..1) from the minimum to the maximum delay a backoff retry is, by its progress
 * through the phase. AWS names the four functions and draws them but gives no formulas;
 * these keep the drawing's order, from the straight line to the steepest late rise.
 */
function curve(fn: BackoffFunction, f: number): number {
  switch (fn) {
    case 'linear':
      return f;
    case 'arithmetic':
      return f * f;
    case 'geometric':
      return f * f * f;
    case 'exponential':
      return (2 ** (10 * f) - 1) / (2 ** 10 - 1);
  }
}

export function totalRetrySeconds(policy: RetryPolicy): number {
  let total = 0;
  for (let r = 1; r <= policy.numRetries; r++) total += retryDelaySeconds(policy, r) ?? 0;
  return total;
}

const BACKOFF: readonly BackoffFunction[] = ['linear', 'arithmetic', 'geometric', 'exponential'];

/**
 * Reads a `healthyRetryPolicy` object, checking AWS's documented ranges; missing members
 * take the HTTP default's values. `what` names the attribute in error messages.
 */
export function parseRetryPolicy(value: unknown, what: string): RetryPolicy {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw TopicsError.invalid(`${what}: healthyRetryPolicy must be an object`);
  const v = value as Record<string, unknown>;
  const int = (name: keyof RetryPolicy, fallback: number): number => {
    const x = v[name];
    if (x === undefined) return fallback;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw TopicsError.invalid(`${what}: ${name} must be a non-negative integer`);
    return x;
  };
  const minDelayTarget = int('minDelayTarget', HTTP_DEFAULT_RETRY.minDelayTarget);
  const maxDelayTarget = int('maxDelayTarget', Math.max(minDelayTarget, HTTP_DEFAULT_RETRY.maxDelayTarget));
  const numRetries = int('numRetries', HTTP_DEFAULT_RETRY.numRetries);
  const numNoDelayRetries = int('numNoDelayRetries', 0);
  const numMinDelayRetries = int('numMinDelayRetries', 0);
  const numMaxDelayRetries = int('numMaxDelayRetries', 0);
  const backoffFunction = v.backoffFunction ?? 'linear';
  if (minDelayTarget < 1 || minDelayTarget > maxDelayTarget) throw TopicsError.invalid(`${what}: minDelayTarget must be between 1 and maxDelayTarget`);
  if (maxDelayTarget > MAX_TOTAL_RETRY_SECONDS) throw TopicsError.invalid(`${what}: maxDelayTarget must be at most ${MAX_TOTAL_RETRY_SECONDS}`);
  if (numRetries > 100) throw TopicsError.invalid(`${what}: numRetries must be between 0 and 100`);
  if (numNoDelayRetries > numRetries) throw TopicsError.invalid(`${what}: numNoDelayRetries must be at most numRetries`);
  if (numMinDelayRetries > numRetries - numNoDelayRetries) throw TopicsError.invalid(`${what}: numMinDelayRetries must be at most numRetries - numNoDelayRetries`);
  if (numMaxDelayRetries > numRetries - numNoDelayRetries - numMinDelayRetries) {
    throw TopicsError.invalid(`${what}: numMaxDelayRetries must be at most numRetries - numNoDelayRetries - numMinDelayRetries`);
  }
  if (typeof backoffFunction !== 'string' || !BACKOFF.includes(backoffFunction as BackoffFunction)) {
    throw TopicsError.invalid(`${what}: backoffFunction must be one of ${BACKOFF.join(', ')}`);
  }
  const policy: RetryPolicy = {
    minDelayTarget,
    maxDelayTarget,
    numRetries,
    numNoDelayRetries,
    numMinDelayRetries,
    numMaxDelayRetries,
    backoffFunction: backoffFunction as BackoffFunction,
  };
  if (totalRetrySeconds(policy) > MAX_TOTAL_RETRY_SECONDS) {
    throw TopicsError.invalid(`${what}: the total retry time must not exceed ${MAX_TOTAL_RETRY_SECONDS} seconds`);
  }
  return policy;
}
