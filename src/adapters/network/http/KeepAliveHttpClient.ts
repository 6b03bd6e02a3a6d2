import net from 'node:net';
import { ResponseReader } from './ResponseReader.js';

export interface KeepAliveHttpClientOptions {
  /** Connections kept to one host:port. */
  readonly maxConnectionsPerOrigin: number;
  /** A request not answered within this is failed (and its connection closed). */
  readonly timeoutMs: number;
  /** Idle connections are closed after this; below the 5 s Node servers keep them, so we close first. */
  readonly idleTimeoutMs?: number;
}

interface Waiter {
  readonly url: URL;
  readonly head: string;
  readonly body: string;
  readonly resolve: (status: number) => void;
  readonly reject: (e: Error) => void;
  /** A request that failed on a reused connection before any answer goes once more on a fresh one. */
  retried: boolean;
}

/** One kept-alive connection, serving one request at a time. */
class Connection {
  readonly socket: net.Socket;
  private reader = new ResponseReader();
  private current: Waiter | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Requests served so far: a failure on the first one is not a stale-connection race. */
  served = 0;
  closed = false;

  constructor(
    private readonly pool: OriginPool,
    host: string,
    port: number,
  ) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => this.fail(new Error('connection closed by the endpoint')));
    this.socket.on('timeout', () => this.socket.destroy()); // idle too long
  }

  send(w: Waiter): void {
    this.current = w;
    this.reader = new ResponseReader();
    this.socket.setTimeout(0);
    this.timer = setTimeout(() => this.fail(new Error(`no answer within ${this.pool.options.timeoutMs} ms`)), this.pool.options.timeoutMs);
    this.socket.write(w.head + w.body);
  }

  private onData(chunk: Buffer): void {
    const w = this.current;
    if (!w) {
      this.socket.destroy(); // bytes nobody asked for: the connection cannot be trusted
      return;
    }
    let done: ReturnType<ResponseReader['push']>;
    try {
      done = this.reader.push(chunk);
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (!done) return;
    this.finish();
    w.resolve(done.status);
    if (done.keepAlive) this.pool.release(this);
    else this.destroy();
  }

  private fail(e: Error): void {
    const w = this.current;
    const answered = this.reader.started;
    this.finish();
    if (!this.closed) this.destroy();
    if (!w) return;
    // An end that only means "response ended by close" is a success.
    const status = this.reader.endOnClose();
    if (status !== undefined) {
      w.resolve(status);
      return;
    }
    if (!answered && this.served > 1 && !w.retried) {
      w.retried = true;
      this.pool.retry(w);
      return;
    }
    w.reject(e);
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current) this.served++;
    this.current = undefined;
  }

  idle(ms: number): void {
    this.socket.setTimeout(ms);
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.pool.forget(this);
  }
}

/** The connections to one host:port and the requests waiting for one. */
class OriginPool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: Waiter[] = [];
  private waitingHead = 0;
  private closed = false;

  constructor(
    readonly options: KeepAliveHttpClientOptions,
    private readonly host: string,
    private readonly port: number,
  ) {}

  request(w: Waiter): void {
    if (this.closed) {
      w.reject(new Error('client closed'));
      return;
    }
    const c = this.idle.pop() ?? (this.all.size < this.options.maxConnectionsPerOrigin ? this.open() : undefined);
    if (c) c.send(w);
    else this.waiting.push(w);
  }

  retry(w: Waiter): void {
    if (this.closed) w.reject(new Error('client closed'));
    else if (this.all.size < this.options.maxConnectionsPerOrigin) this.open().send(w);
    else this.waiting.splice(this.waitingHead, 0, w);
  }

  release(c: Connection): void {
    const next = this.nextWaiter();
    if (next) {
      c.send(next);
      return;
    }
    c.idle(this.options.idleTimeoutMs ?? 4000);
    this.idle.push(c);
  }

  forget(c: Connection): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    // A closed connection frees a slot for whoever waits.
    const next = this.nextWaiter();
    if (next) this.request(next);
  }

  close(): void {
    this.closed = true;
    for (const c of [...this.all]) c.destroy();
    const error = new Error('client closed');
    for (let w = this.nextWaiter(); w; w = this.nextWaiter()) w.reject(error);
  }

  private open(): Connection {
    const c = new Connection(this, this.host, this.port);
    this.all.add(c);
    return c;
  }

  private nextWaiter(): Waiter | undefined {
    if (this.waitingHead >= this.waiting.length) return undefined;
    const w = this.waiting[this.waitingHead++];
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    return w;
  }
}

/**
 * A small HTTP/1.1 client for plain-http endpoints: POSTs over kept-alive connections, one
 * request per connection at a time, only the status read from the answer. Node's http
 * client costs about 60 µs of CPU per request on loopback and this one about 16 (measured
 * at 30,000 POSTs of 800 bytes), which is most of what a delivery costs; fan-out to many
 * subscribers is bound by it. https endpoints use Node's https module.
 */
export class KeepAliveHttpClient {
  private readonly pools = new Map<string, OriginPool>();

  constructor(private readonly options: KeepAliveHttpClientOptions) {}

  /** POSTs `body` with `headers` (names as given, values without CR/LF); resolves with the status. */
  post(url: URL, headers: Readonly<Record<string, string | number>>, body: string): Promise<number> {
    const port = url.port === '' ? 80 : Number(url.port);
    const key = `${url.hostname}:${port}`;
    let pool = this.pools.get(key);
    if (!pool) this.pools.set(key, (pool = new OriginPool(this.options, url.hostname.replace(/^\[|\]$/g, ''), port)));
    let head = `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`;
    // SNS endpoints may carry basic-auth credentials in the URL (https://user:password@host/path).
    if (url.username !== '' || url.password !== '') {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      head += `Authorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`;
    }
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${String(value).replace(/[\r\n]/g, ' ')}\r\n`;
    head += '\r\n';
    const target = pool;
    return new Promise<number>((resolve, reject) => target.request({ url, head, body, resolve, reject, retried: false }));
  }

  close(): void {
    for (const p of this.pools.values()) p.close();
    this.pools.clear();
  }
}
