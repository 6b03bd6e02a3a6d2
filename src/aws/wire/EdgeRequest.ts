import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** A request as the protocol handlers see it: no HTTP/1 vs HTTP/2 difference left. */
export interface EdgeRequest {
  readonly requestId: string;
  readonly method: string;
  /** The path as received, not decoded. */
  readonly rawPath: string;
  /** Everything after `?`, not decoded ('' when none). */
  readonly rawQuery: string;
  /** Header names are lower-case. */
  readonly headers: IncomingHttpHeaders;
  readonly receivedAtMs: number;
  /** The body as a stream, for handlers that must not buffer it (S3 PutObject). */
  readonly body: Readable;
  /** Reads the whole body; rejects with BodyTooLargeError past `limit` bytes. */
  readBody(limit: number): Promise<Buffer>;
  /** Aborts when the client goes away (the response closed) or the server shuts down. */
  readonly signal?: AbortSignal;
}

export interface EdgeResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number | readonly string[]>>;
  readonly body?: Buffer | string | Readable;
}

/** A handler for some of the requests on the edge port; returns undefined when it is not its request. */
export interface EdgeRoute {
  readonly name: string;
  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds the limit of ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export function header(req: EdgeRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
