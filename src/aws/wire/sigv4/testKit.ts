// Test support: sign requests with @smithy/signature-v4, the signer the AWS SDK v3 uses, and
// turn them into what the edge would hand to verifySigV4.

import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, SourceData } from '@smithy/types';
import type { HeaderMap, SigV4Request } from './types.js';

export const AKID = 'AKIDLAKEHOSE0EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const SIGNED_AT = new Date('2024-01-02T03:04:05Z');

function bytesOf(data: SourceData): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The hash constructor smithy wants, on node:crypto (HMAC when given a secret). */
export class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

export function signer(service: string, region: string, opts: { uriEscapePath?: boolean; applyChecksum?: boolean; secret?: string } = {}): SignatureV4 {
  return new SignatureV4({
    service,
    region,
    sha256: NodeSha256,
    credentials: { accessKeyId: AKID, secretAccessKey: opts.secret ?? SECRET },
    uriEscapePath: opts.uriEscapePath ?? true,
    applyChecksum: opts.applyChecksum ?? true,
  });
}

/** RFC 3986 escaping as the SDK puts names and values on the wire. */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** An S3 key as the SDK writes it into the path: each segment escaped, slashes kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(escapeUri).join('/');
}

export type SmithyQuery = Record<string, string | string[] | null>;

/** The query string the SDK's HTTP handler sends for a request's query object. */
export function wireQuery(query: SmithyQuery | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (Array.isArray(value)) for (const v of value) parts.push(`${escapeUri(key)}=${escapeUri(v)}`);
    else parts.push(typeof value === 'string' ? `${escapeUri(key)}=${escapeUri(value)}` : escapeUri(key));
  }
  return parts.join('&');
}

export interface SignedLike {
  readonly method: string;
  readonly path: string;
  readonly query?: SmithyQuery;
  readonly headers: Record<string, string>;
}

/** Lower-cases header names, as Node's http module does. */
export function lowerHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** What the edge would pass to verifySigV4 for a request signed by smithy. */
export function asReceived(signed: SignedLike, payloadHash?: string): SigV4Request {
  return {
    method: signed.method,
    rawPath: signed.path,
    rawQuery: wireQuery(signed.query),
    headers: lowerHeaders(signed.headers),
    payloadHash,
  };
}

export function withHeaders(request: SigV4Request, changes: Record<string, string | undefined>): SigV4Request {
  const headers: Record<string, string | readonly string[] | undefined> = { ...request.headers };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...request, headers: headers as HeaderMap };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
