import type { Clock, DeliveryEndpoint } from '../ports.js';
import type { DeliveryOutcome, Notification, Subscription } from '../types.js';
import { retryDelaySeconds, type RetryPolicy } from './RetryPolicy.js';

/** One notification on its way to one subscription. */
export interface DeliveryTask {
  readonly id: string;
  readonly notification: Notification;
  readonly subscriptionArn: string;
  /** Attempts made so far (in this process: a restart starts the count again). */
  attempts: number;
  lastError?: string;
}

/** How a task ended. */
export type DeliveryEnd = 'delivered' | 'failed' | 'skipped';

/** What the dispatcher asks the engine, per task. */
export interface DispatchRules {
  /** The subscription as it is now; undefined when it was deleted (the task is skipped). */
  subscription(arn: string): Subscription | undefined;
  endpoint(subscription: Subscription): DeliveryEndpoint;
  retryPolicy(subscription: Subscription, notification: Notification): RetryPolicy;
  /** `throttlePolicy.maxReceivesPerSecond`, if any. */
  maxReceivesPerSecond(subscription: Subscription): number | undefined;
  /** Called once per task, after its last attempt. */
  finished(task: DeliveryTask, end: DeliveryEnd, subscription: Subscription | undefined): Promise<void> | void;
}

export interface DispatcherOptions {
  readonly clock: Clock;
  /** Attempts in flight across all subscriptions. */
  readonly maxInFlight: number;
  /** Attempts in flight to one subscription (FIFO topics: one per message group). */
  readonly maxInFlightPerSubscription: number;
}

/** The work waiting for one subscription: a queue with a moving head (shift() is O(n)). */
class SubscriptionLane {
  private ready: Array<DeliveryTask | undefined> = [];
  private head = 0;
  inFlight = 0;
  /** FIFO message groups with an attempt in flight or a retry pending: later messages of the group wait. */
  readonly busyGroups = new Set<string>();
  /** Throttle: the earliest time the next attempt may start, and a wake-up timer if one is set. */
  nextStartMs = 0;
  wakeUp: (() => void) | undefined;

  get waiting(): number {
    return this.ready.length - this.head;
  }

  push(task: DeliveryTask): void {
    this.ready.push(task);
  }

  /** Puts a task back at the front (a retry, so a FIFO group keeps its order). */
  unshift(task: DeliveryTask): void {
    if (this.head > 0) this.ready[--this.head] = task;
    else this.ready.unshift(task);
  }

  at(i: number): DeliveryTask {
    return this.ready[this.head + i]!;
  }

  /** Removes and returns the i-th waiting task. */
  take(i: number): DeliveryTask {
    const index = this.head + i;
    const task = this.ready[index]!;
    if (i === 0) {
      this.ready[index] = undefined;
      this.head++;
      if (this.head === this.ready.length) {
        this.ready = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
    } else {
      this.ready.splice(index, 1);
    }
    return task;
  }

  drain(): DeliveryTask[] {
    const tasks = this.ready.slice(this.head) as DeliveryTask[];
    this.ready = [];
    this.head = 0;
    return tasks;
  }
}

/**
 * Runs deliveries: as many at once as the limits allow, fairly across subscriptions
 * (round robin), retrying failures on the subscription's policy with timers from the
 * injected clock, keeping FIFO message groups in order and honouring
 * `maxReceivesPerSecond`. It knows nothing of protocols or storage: the engine's rules do.
 */
export class DeliveryDispatcher {
  /** Lanes with work, in round-robin order (a served lane moves to the back). */
  private readonly lanes = new Map<string, SubscriptionLane>();
  private inFlight = 0;
  private readonly retryTimers = new Set<() => void>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;
  private pumping = false;

  constructor(
    private readonly rules: DispatchRules,
    private readonly options: DispatcherOptions,
  ) {}

  enqueue(task: DeliveryTask): void {
    if (this.closed) return;
    this.lane(task.subscriptionArn).push(task);
    this.pump();
  }

  /** Deliveries started or waiting (for tests and shutdown). */
  get pendingCount(): number {
    let n = this.inFlight + this.retryTimers.size;
    for (const lane of this.lanes.values()) n += lane.waiting;
    return n;
  }

  /** Stops starting attempts and cancels retry timers; waits for attempts in flight. Pending work stays in the journal. */
  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.retryTimers) cancel();
    this.retryTimers.clear();
    for (const lane of this.lanes.values()) lane.wakeUp?.();
    await Promise.allSettled([...this.running]);
  }

  private lane(arn: string): SubscriptionLane {
    let lane = this.lanes.get(arn);
    if (!lane) this.lanes.set(arn, (lane = new SubscriptionLane()));
    return lane;
  }

  private pump(): void {
    if (this.pumping) return; // re-entered from a synchronous finish: the outer loop carries on
    this.pumping = true;
    try {
      while (!this.closed && this.inFlight < this.options.maxInFlight) {
        if (!this.startOne()) break;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Starts one attempt from the first lane that can take one; false when none can. */
  private startOne(): boolean {
    const now = this.options.clock.now();
    for (const [arn, lane] of this.lanes) {
      if (lane.waiting === 0) {
        if (lane.inFlight === 0 && lane.busyGroups.size === 0 && !lane.wakeUp) this.lanes.delete(arn);
        continue;
      }
      if (lane.inFlight >= this.options.maxInFlightPerSubscription || lane.wakeUp) continue;
      const subscription = this.rules.subscription(arn);
      if (!subscription) {
        // Unsubscribed or topic deleted: what was waiting is not delivered.
        for (const task of lane.drain()) void this.finish(task, 'skipped', undefined);
        continue;
      }
      if (lane.nextStartMs > now) {
        this.sleep(lane, lane.nextStartMs - now);
        continue;
      }
      const index = this.nextIndex(lane);
      if (index < 0) continue;
      const task = lane.take(index);
      const rate = this.rules.maxReceivesPerSecond(subscription);
      if (rate !== undefined) lane.nextStartMs = Math.max(now, lane.nextStartMs) + 1000 / rate;
      this.lanes.delete(arn);
      this.lanes.set(arn, lane); // to the back: round robin
      this.attempt(task, lane, subscription);
      return true;
    }
    return false;
  }

  /** The first waiting task whose message group (FIFO) is free, or -1. */
  private nextIndex(lane: SubscriptionLane): number {
    if (lane.busyGroups.size === 0) return lane.waiting > 0 ? 0 : -1;
    const skipped = new Set<string>();
    for (let i = 0; i < lane.waiting; i++) {
      const group = lane.at(i).notification.groupId;
      if (group === undefined) return i;
      if (lane.busyGroups.has(group) || skipped.has(group)) {
        skipped.add(group);
        continue;
      }
      return i;
    }
    return -1;
  }

  private sleep(lane: SubscriptionLane, delayMs: number): void {
    const cancel = this.options.clock.setTimer(delayMs, () => {
      lane.wakeUp = undefined;
      this.pump();
    });
    lane.wakeUp = () => {
      cancel();
      lane.wakeUp = undefined;
    };
  }

  private attempt(task: DeliveryTask, lane: SubscriptionLane, subscription: Subscription): void {
    this.inFlight++;
    lane.inFlight++;
    const group = task.notification.groupId;
    if (group !== undefined) lane.busyGroups.add(group);
    task.attempts++;
    const run = this.rules
      .endpoint(subscription)
      .deliver(task.notification, subscription)
      .catch((e: unknown): DeliveryOutcome => ({ ok: false, retryable: true, reason: e instanceof Error ? e.message : String(e) }))
      .then((outcome) => {
        this.inFlight--;
        lane.inFlight--;
        if (outcome.ok) {
          if (group !== undefined) lane.busyGroups.delete(group);
          return this.finish(task, 'delivered', subscription);
        }
        task.lastError = outcome.reason;
        const delay = outcome.retryable ? retryDelaySeconds(this.rules.retryPolicy(subscription, task.notification), task.attempts) : undefined;
        if (delay === undefined || this.closed) {
          if (group !== undefined) lane.busyGroups.delete(group);
          return this.closed && delay !== undefined ? undefined : this.finish(task, 'failed', subscription);
        }
        this.retryLater(task, lane, delay * 1000);
        return undefined;
      })
      .finally(() => {
        this.running.delete(run);
        this.pump();
      });
    this.running.add(run);
  }

  private retryLater(task: DeliveryTask, lane: SubscriptionLane, delayMs: number): void {
    const cancel = this.options.clock.setTimer(delayMs, () => {
      this.retryTimers.delete(cancel);
      const group = task.notification.groupId;
      if (group !== undefined) lane.busyGroups.delete(group);
      // Back at the front: a FIFO group's next message must not overtake it.
      lane.unshift(task);
      if (!this.lanes.has(task.subscriptionArn)) this.lanes.set(task.subscriptionArn, lane);
      this.pump();
    });
    this.retryTimers.add(cancel);
  }

  private async finish(task: DeliveryTask, end: DeliveryEnd, subscription: Subscription | undefined): Promise<void> {
    try {
      await this.rules.finished(task, end, subscription);
    } catch {
      // The engine logs its own failures; a task is finished either way.
    }
  }
}
