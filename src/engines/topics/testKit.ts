// Helpers for tests of topics: an HTTP endpoint that records what SNS sends it, the check a
// subscriber makes of a message's signature, and polling with a deadline.

import { createVerify, X509Certificate } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly receivedAtMs: number;
  /** The body as JSON, when it is JSON. */
  readonly json: Record<string, unknown> | undefined;
}

/**
 * A subscriber's HTTP endpoint on loopback. It answers 200, or the statuses queued with
 * `failNext`; `stop()`/`start()` take it down and bring it back on the same port.
 */
export class HttpSubscriber {
  readonly received: ReceivedRequest[] = [];
  private failures: number[] = [];
  private server: http.Server | undefined;
  private listeners: Array<() => void> = [];

  private constructor(private port: number) {}

  static async start(port = 0): Promise<HttpSubscriber> {
    const s = new HttpSubscriber(port);
    await s.start();
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/sns`;
  }

  /** The next `n` requests get `status`. */
  failNext(n: number, status = 500): void {
    for (let i = 0; i < n; i++) this.failures.push(status);
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        const status = this.failures.shift() ?? 200;
        if (status === 200) this.received.push({ headers: req.headers, body, receivedAtMs: Date.now(), json });
        res.writeHead(status).end();
        if (status === 200) for (const l of this.listeners.splice(0)) l();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Notifications received (SubscriptionConfirmation requests excluded). */
  notifications(): ReceivedRequest[] {
    return this.received.filter((r) => r.headers['x-amz-sns-message-type'] === 'Notification');
  }

  confirmations(): ReceivedRequest[] {
    return this.received.filter((r) => r.headers['x-amz-sns-message-type'] === 'SubscriptionConfirmation');
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * What a subscriber does with a message (as the AWS SDKs' message validators do): fetch
 * the certificate from SigningCertURL, rebuild the string to sign from the message's own
 * fields as AWS documents it (written out here independently of the signer), and check the
 * signature with SHA1withRSA (version 1) or SHA256withRSA (2).
 */
export async function verifyMessageSignature(message: Record<string, unknown>): Promise<boolean> {
  const certUrl = String(message.SigningCertURL ?? message.SigningCertUrl ?? '');
  const pem = await (await fetch(certUrl)).text();
  const cert = new X509Certificate(pem);
  const names =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  let text = '';
  for (const name of names) {
    const value = message[name];
    if (value === undefined || value === null) continue; // Subject only when there is one
    text += `${name}\n${String(value)}\n`;
  }
  const algorithm = message.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1';
  return createVerify(algorithm).update(text, 'utf8').verify(cert.publicKey, String(message.Signature), 'base64');
}
