import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import net, { type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyTooLargeError, type EdgeRequest, type EdgeResponse, type EdgeRoute } from './EdgeRequest.js';
import type { Logger } from './Logger.js';

export interface EdgeServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly routes: readonly EdgeRoute[];
  readonly logger: Logger;
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');
const CORS_EXPOSED_HEADERS = [
  'x-amzn-RequestId', 'x-amzn-ErrorType', 'x-amzn-ErrorMessage', 'x-amz-request-id', 'x-amz-id-2',
  'x-amz-version-id', 'x-amz-delete-marker', 'ETag', 'Content-Length', 'Content-Range', 'Date',
].join(',');

/**
 * The one port every AWS-compatible API is served on. It speaks HTTP/1.1 and cleartext
 * HTTP/2 with prior knowledge (what the AWS SDK v3 Kinesis client uses on http://
 * endpoints) on the same socket: the first bytes of a connection tell which.
 */
export class EdgeServer {
  private readonly listener: net.Server;
  private readonly h1: http.Server;
  private readonly h2: http2.Http2Server;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private routes: readonly EdgeRoute[];
  private inFlight = 0;
  /** One per request being served: aborted when its client goes away or the server closes. */
  private readonly aborts = new Set<AbortController>();
  private closing = false;
  private drained: (() => void) | undefined;

  private constructor(private readonly options: EdgeServerOptions) {
    this.routes = options.routes;
    const onRequest = (req: AnyRequest, res: AnyResponse) => void this.serve(req, res);
    this.h1 = http.createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, onRequest);
    this.h2 = http2.createServer(
      { maxSessionMemory: 64, settings: { initialWindowSize: 4 * 1024 * 1024, maxConcurrentStreams: 1000 } },
      onRequest,
    );
    this.h2.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
      session.on('error', () => {}); // a broken client connection is not the server's problem
    });
    this.listener = net.createServer((socket) => this.sniff(socket));
  }

  static async start(options: EdgeServerOptions): Promise<EdgeServer> {
    const server = new EdgeServer(options);
    await new Promise<void>((resolve, reject) => {
      server.listener.once('error', reject);
      server.listener.listen(options.port, options.host, () => {
        server.listener.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  /** Replaces the routes (the app listens first, so functions know the URL, then wires the services). */
  setRoutes(routes: readonly EdgeRoute[]): void {
    this.routes = routes;
  }

  get port(): number {
    const address = this.listener.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${this.port}`;
  }

  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes every connection. */
  async close(graceMs = 10_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const stopped = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    this.h1.closeIdleConnections();
    for (const a of this.aborts) a.abort(); // long-lived responses (event streams) end now
    for (const s of this.sessions) s.close();
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (this.drained = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
    }
    for (const s of this.sockets) s.destroy();
    await stopped;
  }

  private sniff(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let head: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const n = Math.min(head.length, HTTP2_PREFACE.length);
      const isH2 = head.subarray(0, n).equals(HTTP2_PREFACE.subarray(0, n));
      if (isH2 && head.length < HTTP2_PREFACE.length) return; // need more bytes to decide
      socket.off('data', onData);
      socket.pause();
      if (isH2) {
        // The HTTP/2 session drains bytes already buffered on the socket when it takes over.
        socket.unshift(head);
        this.h2.emit('connection', socket);
      } else {
        // The HTTP/1 parser reads from the socket's handle directly, so bytes read before the
        // hand-over must be given to it as a 'data' event.
        this.h1.emit('connection', socket);
        socket.emit('data', head);
        socket.resume();
      }
    };
    socket.on('data', onData);
  }

  private async serve(req: AnyRequest, res: AnyResponse): Promise<void> {
    this.inFlight++;
    const requestId = randomUUID();
    let bodyAbandoned = false;
    // Made only when a handler asks (event streams): an AbortSignal per request costs the
    // ingest path memory and time it never uses.
    let abort: AbortController | undefined;
    const signal = (): AbortSignal => {
      if (!abort) {
        const made = (abort = new AbortController());
        this.aborts.add(made);
        res.once('close', () => made.abort());
      }
      return abort.signal;
    };
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const edgeReq: EdgeRequest = {
        requestId,
        method: req.method ?? 'GET',
        rawPath: q >= 0 ? url.slice(0, q) : url,
        rawQuery: q >= 0 ? url.slice(q + 1) : '',
        headers: req.headers,
        receivedAtMs: Date.now(),
        get signal() {
          return signal();
        },
        body: req as Readable,
        readBody: (limit) =>
          readBody(req as Readable, limit).catch((e: unknown) => {
            if (e instanceof BodyTooLargeError) bodyAbandoned = true;
            throw e;
          }),
      };
      const origin = req.headers.origin;
      if (origin !== undefined && edgeReq.method === 'OPTIONS') {
        this.write(res, preflight(req), requestId, origin, false);
        return;
      }
      let response: EdgeResponse | undefined;
      for (const route of this.routes) {
        const pending = route.handle(edgeReq);
        if (pending) {
          response = await pending;
          break;
        }
      }
      response ??= {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: `No Lakehose API answers ${edgeReq.method} ${edgeReq.rawPath}` }),
      };
      await this.write(res, response, requestId, origin, bodyAbandoned);
    } catch (error) {
      this.options.logger.error('request failed outside any protocol handler', { requestId, error: String(error) });
      if (!res.headersSent) {
        await this.write(
          res,
          {
            status: 500,
            headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' },
            body: JSON.stringify({ __type: 'InternalFailure', message: `Internal Service Failure (request ${requestId})` }),
          },
          requestId,
          req.headers.origin,
          true,
        ).catch(() => {});
      } else {
        res.destroy();
      }
    } finally {
      if (abort) this.aborts.delete(abort);
      this.inFlight--;
      if (this.inFlight === 0 && this.drained) this.drained();
    }
  }

  private async write(
    res: AnyResponse,
    response: EdgeResponse,
    requestId: string,
    origin: string | undefined,
    closeAfter: boolean,
  ): Promise<void> {
    const headers: Record<string, string | number | readonly string[]> = {
      'x-amzn-requestid': requestId,
      ...response.headers,
    };
    if (origin !== undefined) {
      headers['access-control-allow-origin'] = '*';
      headers['access-control-expose-headers'] = CORS_EXPOSED_HEADERS;
    }
    const isH1 = !('stream' in res);
    if ((closeAfter || this.closing) && isH1) headers['connection'] = 'close';
    const body = response.body;
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
      const bytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
      if (bytes && headers['content-length'] === undefined) headers['content-length'] = bytes.length;
      res.writeHead(response.status, headers as http.OutgoingHttpHeaders);
      if (bytes) res.end(bytes);
      else res.end();
    } else {
      res.writeHead(response.status, headers as http.OutgoingHttpHeaders);
      await pipeline(body, res as NodeJS.WritableStream);
    }
  }
}

function preflight(req: AnyRequest): EdgeResponse {
  const headers: Record<string, string | number> = { 'access-control-max-age': 172800 };
  const wantHeaders = req.headers['access-control-request-headers'];
  const wantMethod = req.headers['access-control-request-method'];
  if (typeof wantHeaders === 'string') headers['access-control-allow-headers'] = wantHeaders;
  headers['access-control-allow-methods'] = typeof wantMethod === 'string' ? wantMethod : 'GET,PUT,POST,DELETE,HEAD';
  return { status: 200, headers, body: '' };
}

/**
 * Reads a body up to `limit` bytes. Past the limit the rest is read and dropped (up to a
 * hard ceiling) so the client, still uploading, gets to read the 413 instead of a reset.
 */
function readBody(stream: Readable, limit: number): Promise<Buffer> {
  const discardCeiling = Math.max(limit * 4, 64 * 1024 * 1024);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (err) reject(err);
      else if (total > limit) reject(new BodyTooLargeError(limit));
      else resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)) as Buffer);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
      if (total > discardCeiling) {
        stream.pause();
        finish(new BodyTooLargeError(limit));
      }
    };
    const onEnd = () => finish();
    const onError = (e: Error) => finish(e);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
