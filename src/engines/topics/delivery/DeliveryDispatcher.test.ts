import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock, DeliveryEndpoint } from '../ports.js';
import type { DeliveryOutcome, Notification, Subscription } from '../types.js';
import { DeliveryDispatcher, type DeliveryEnd, type DeliveryTask } from './DeliveryDispatcher.js';
import { HTTP_DEFAULT_RETRY, type RetryPolicy } from './RetryPolicy.js';

/** Time that moves only when the test says so. */
class FakeClock implements Clock {
  time = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private ids = 0;

  now(): number {
    return this.time;
  }

  setTimer(delayMs: number, fn: () => void): () => void {
    const id = ++this.ids;
    this.timers.push({ at: this.time + delayMs, fn, id });
    return () => (this.timers = this.timers.filter((t) => t.id !== id));
  }

  /** Runs every timer due up to now + ms, in time order, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = target;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

const subscription = (arn: string): Subscription => ({
  id: arn,
  arn,
  topicArn: 'arn:aws:sns:eu-west-1:000000000000:t',
  protocol: 'http',
  endpoint: 'http://x',
  owner: '000000000000',
  confirmed: true,
  authenticateOnUnsubscribe: false,
  confirmationWasAuthenticated: true,
  attributes: {},
  createdMs: 0,
});

const notification = (id: string, groupId?: string): Notification => ({
  type: 'Notification',
  messageId: id,
  topicArn: 'arn:aws:sns:eu-west-1:000000000000:t',
  timestampMs: 0,
  message: id,
  ...(groupId ? { groupId } : {}),
});

/** An endpoint whose answers the test scripts; it records when each attempt started. */
class ScriptedEndpoint implements DeliveryEndpoint {
  readonly attempts: Array<{ message: string; at: number }> = [];
  inFlight = 0;
  maxInFlight = 0;
  private outcomes = new Map<string, DeliveryOutcome[]>();
  private holds: Array<() => void> = [];
  hold = false;

  constructor(private readonly clock: FakeClock) {}

  script(message: string, ...outcomes: DeliveryOutcome[]): void {
    this.outcomes.set(message, outcomes);
  }

  release(): void {
    for (const h of this.holds.splice(0)) h();
  }

  async deliver(n: Notification): Promise<DeliveryOutcome> {
    this.attempts.push({ message: n.message, at: this.clock.now() });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.hold) await new Promise<void>((r) => this.holds.push(r));
    this.inFlight--;
    return this.outcomes.get(n.message)?.shift() ?? { ok: true };
  }
}

const FAIL: DeliveryOutcome = { ok: false, retryable: true, reason: 'HTTP 500' };

function setup(opts: { retry?: RetryPolicy; perSubscription?: number; rate?: number; subscriptions?: string[] } = {}) {
  const clock = new FakeClock();
  const endpoint = new ScriptedEndpoint(clock);
  const subs = new Map((opts.subscriptions ?? ['s1']).map((a) => [a, subscription(a)]));
  const ends: Array<{ id: string; end: DeliveryEnd; attempts: number; at: number }> = [];
  const dispatcher = new DeliveryDispatcher(
    {
      subscription: (arn) => subs.get(arn),
      endpoint: () => endpoint,
      retryPolicy: () => opts.retry ?? HTTP_DEFAULT_RETRY,
      maxReceivesPerSecond: () => opts.rate,
      finished: (task: DeliveryTask, end: DeliveryEnd) => void ends.push({ id: task.id, end, attempts: task.attempts, at: clock.now() }),
    },
    { clock, maxInFlight: 100, maxInFlightPerSubscription: opts.perSubscription ?? 10 },
  );
  const enqueue = (id: string, sub = 's1', groupId?: string) => dispatcher.enqueue({ id, notification: notification(id, groupId), subscriptionArn: sub, attempts: 0 });
  return { clock, endpoint, subs, ends, dispatcher, enqueue };
}

describe('DeliveryDispatcher', () => {
  it("retries on the policy's schedule (HTTP default: 3 retries 20 s apart), then gives up", async () => {
    const { clock, endpoint, ends, enqueue } = setup();
    endpoint.script('m', FAIL, FAIL, FAIL, FAIL);
    enqueue('m');
    await clock.advance(100_000);
    assert.deepEqual(endpoint.attempts.map((a) => a.at), [0, 20_000, 40_000, 60_000]);
    assert.deepEqual(ends, [{ id: 'm', end: 'failed', attempts: 4, at: 60_000 }]);
  });

  it('succeeds on a retry, and does not retry what cannot get better', async () => {
    const { clock, endpoint, ends, enqueue } = setup({ retry: { ...HTTP_DEFAULT_RETRY, minDelayTarget: 1, maxDelayTarget: 1 } });
    endpoint.script('flaky', FAIL, { ok: true });
    endpoint.script('refused', { ok: false, retryable: false, reason: 'HTTP 400' });
    enqueue('flaky');
    enqueue('refused');
    await clock.advance(10_000);
    assert.deepEqual(
      ends.sort((a, b) => a.id.localeCompare(b.id)),
      [
        { id: 'flaky', end: 'delivered', attempts: 2, at: 1000 },
        { id: 'refused', end: 'failed', attempts: 1, at: 0 },
      ],
    );
  });

  it('keeps each FIFO message group in order across retries, without holding other groups', async () => {
    const { clock, endpoint, ends, enqueue } = setup({ retry: { ...HTTP_DEFAULT_RETRY, minDelayTarget: 5, maxDelayTarget: 5 } });
    endpoint.script('g1-a', FAIL);
    enqueue('g1-a', 's1', 'g1');
    enqueue('g1-b', 's1', 'g1');
    enqueue('g2-a', 's1', 'g2');
    await clock.advance(1000);
    assert.deepEqual(endpoint.attempts.map((a) => a.message), ['g1-a', 'g2-a'], 'g1-b waits for g1-a');
    await clock.advance(10_000);
    assert.deepEqual(endpoint.attempts.map((a) => `${a.message}@${a.at}`), ['g1-a@0', 'g2-a@0', 'g1-a@5000', 'g1-b@5000']);
    assert.deepEqual(ends.map((e) => e.id), ['g2-a', 'g1-a', 'g1-b']);
  });

  it('spaces attempts to honour maxReceivesPerSecond', async () => {
    const { clock, endpoint, enqueue } = setup({ rate: 2 });
    for (const id of ['a', 'b', 'c', 'd']) enqueue(id);
    await clock.advance(5000);
    assert.deepEqual(endpoint.attempts.map((a) => a.at), [0, 500, 1000, 1500]);
  });

  it('limits attempts in flight per subscription and shares slots round robin', async () => {
    const { clock, endpoint, enqueue } = setup({ perSubscription: 2, subscriptions: ['s1', 's2'] });
    endpoint.hold = true;
    for (let i = 0; i < 6; i++) enqueue(`s1-${i}`, 's1');
    enqueue('s2-0', 's2');
    await clock.advance(0);
    assert.equal(endpoint.inFlight, 3, 'two for s1, one for s2');
    assert.ok(endpoint.attempts.some((a) => a.message === 's2-0'), 's2 is not starved by s1');
    endpoint.hold = false;
    endpoint.release();
    await clock.advance(0);
    endpoint.release();
    await clock.advance(0);
    endpoint.release();
    await clock.advance(0);
    assert.equal(endpoint.attempts.length, 7);
    assert.equal(endpoint.maxInFlight, 3);
  });

  it('skips deliveries to a subscription that is gone, and stops retrying on close', async () => {
    const { clock, endpoint, subs, ends, dispatcher, enqueue } = setup();
    subs.delete('s1');
    enqueue('orphan');
    await clock.advance(0);
    assert.deepEqual(ends, [{ id: 'orphan', end: 'skipped', attempts: 0, at: 0 }]);
    subs.set('s1', subscription('s1'));
    endpoint.script('m', FAIL);
    enqueue('m');
    await clock.advance(0);
    assert.equal(dispatcher.pendingCount, 1, 'a retry is waiting');
    await dispatcher.close();
    await clock.advance(100_000);
    assert.equal(endpoint.attempts.filter((a) => a.message === 'm').length, 1, 'no attempt after close; the journal still has it');
    assert.equal(ends.length, 1);
  });
});
