import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TopicsError } from '../TopicsError.js';
import { effectiveHttpPolicy, effectiveTopicPolicyJson } from './DeliveryPolicy.js';
import { HTTP_DEFAULT_RETRY, MANAGED_ENDPOINT_RETRY, parseRetryPolicy, retryDelaySeconds, totalRetrySeconds } from './RetryPolicy.js';

describe('RetryPolicy', () => {
  it("HTTP's default is three retries 20 seconds apart, then none", () => {
    assert.deepEqual([1, 2, 3, 4].map((r) => retryDelaySeconds(HTTP_DEFAULT_RETRY, r)), [20, 20, 20, undefined]);
  });

  it('walks the four phases: no delay, minimum, backoff, maximum', () => {
    const p = parseRetryPolicy({ minDelayTarget: 1, maxDelayTarget: 60, numRetries: 10, numNoDelayRetries: 2, numMinDelayRetries: 2, numMaxDelayRetries: 2, backoffFunction: 'linear' }, 'DeliveryPolicy');
    const delays = Array.from({ length: 10 }, (_, i) => retryDelaySeconds(p, i + 1)!);
    assert.deepEqual(delays.slice(0, 4), [0, 0, 1, 1]);
    assert.deepEqual(delays.slice(4, 8), [1 + 59 * 0.25, 1 + 59 * 0.5, 1 + 59 * 0.75, 60]);
    assert.deepEqual(delays.slice(8), [60, 60]);
    for (const fn of ['arithmetic', 'geometric', 'exponential']) {
      const q = parseRetryPolicy({ ...p, backoffFunction: fn }, 'DeliveryPolicy');
      const backoff = [5, 6, 7, 8].map((r) => retryDelaySeconds(q, r)!);
      assert.ok(backoff.every((d, i) => i === 0 || d >= backoff[i - 1]!), `${fn} grows`);
      assert.equal(backoff[3], 60);
    }
  });

  it("the AWS-managed policy makes 100,015 retries over about 23 days", () => {
    assert.equal(MANAGED_ENDPOINT_RETRY.numRetries, 100_015);
    const days = totalRetrySeconds(MANAGED_ENDPOINT_RETRY) / 86400;
    assert.ok(days > 23 && days < 23.3, String(days));
  });

  it("refuses what AWS refuses: ranges, phases that do not fit, over an hour in all", () => {
    const bad = (p: Record<string, unknown>, re: RegExp) =>
      assert.throws(() => parseRetryPolicy(p, 'DeliveryPolicy'), (e: unknown) => e instanceof TopicsError && re.test(e.message));
    bad({ numRetries: 101 }, /numRetries/);
    bad({ minDelayTarget: 30, maxDelayTarget: 20 }, /minDelayTarget/);
    bad({ numRetries: 2, numNoDelayRetries: 3 }, /numNoDelayRetries/);
    bad({ backoffFunction: 'cubic' }, /backoffFunction/);
    bad({ minDelayTarget: 60, maxDelayTarget: 60, numRetries: 61 }, /3600/);
  });

  it("resolves the effective HTTP policy: subscription over topic over default, unless overrides are disabled", () => {
    const topic = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 1, maxDelayTarget: 2 }, defaultRequestPolicy: { headerContentType: 'application/json' } } });
    const sub = JSON.stringify({ healthyRetryPolicy: { numRetries: 1, minDelayTarget: 1, maxDelayTarget: 1 }, throttlePolicy: { maxReceivesPerSecond: 5 } });
    assert.equal(effectiveHttpPolicy(topic, sub).retry.numRetries, 1);
    assert.equal(effectiveHttpPolicy(topic, sub).maxReceivesPerSecond, 5);
    assert.equal(effectiveHttpPolicy(topic, sub).contentType, 'application/json');
    assert.equal(effectiveHttpPolicy(topic, undefined).retry.numRetries, 5);
    const locked = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 1, maxDelayTarget: 2 }, disableSubscriptionOverrides: true } });
    assert.equal(effectiveHttpPolicy(locked, sub).retry.numRetries, 5);
    assert.deepEqual(JSON.parse(effectiveTopicPolicyJson(undefined)), {
      http: {
        defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numNoDelayRetries: 0, numMinDelayRetries: 0, numMaxDelayRetries: 0, backoffFunction: 'linear' },
        disableSubscriptionOverrides: false,
        defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
      },
    });
  });
});
