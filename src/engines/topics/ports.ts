import type { DeadLetter, DeliveryOutcome, Notification, Subscription } from './types.js';

/**
 * What the topics engine needs from outside. Storage: topics and subscriptions are
 * DocumentCollections (src/engines/kernel/DocumentStore.ts); pending deliveries live in a
 * ShardLog (src/engines/streams/ports.ts) used as a journal (DeliveryJournal.ts).
 */

/** Hands one notification to one subscription's endpoint (one class per protocol family, in endpoints/). */
export interface DeliveryEndpoint {
  deliver(notification: Notification, subscription: Subscription): Promise<DeliveryOutcome>;
  close?(): Promise<void>;
}

/**
 * Sends one HTTP(S) POST and answers the response's status code (the body means nothing to
 * SNS). Rejects on connection errors and timeouts, which SNS retries.
 */
export interface HttpPoster {
  post(url: URL, headers: Readonly<Record<string, string | number>>, body: string): Promise<number>;
  close(): Promise<void>;
}

/** Time, injected so retry tests need not wait (delays in ms; the returned function cancels). */
export interface Clock {
  now(): number;
  setTimer(delayMs: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, fn) {
    const t = setTimeout(fn, delayMs);
    return () => clearTimeout(t);
  },
};

/** Where deliveries that ran out of retries go when their subscription has a RedrivePolicy. */
export interface DeadLetterSink {
  write(letter: DeadLetter): Promise<void>;
}

/** One email to send (SMTP, or the outbox folder when no server is configured). */
export interface MailMessage {
  readonly fromName?: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface MailSender {
  send(mail: MailMessage): Promise<void>;
  close(): Promise<void>;
}

/** The part of the functions engine topics use (Lambda subscriptions). */
export interface FunctionInvoker {
  invoke(name: string, payload: unknown): Promise<{ readonly ok: boolean; readonly errorType?: string; readonly errorMessage?: string }>;
}

/** Where the engine reports what nobody waits for (a delivery given up, a dead letter that could not be written). */
export interface TopicsLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
