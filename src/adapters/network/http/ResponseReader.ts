const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

export interface ResponseEnd {
  readonly status: number;
  /** Whether the connection can carry another request. */
  readonly keepAlive: boolean;
}

type State =
  | { kind: 'head' }
  | { kind: 'length'; left: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; left: number }
  | { kind: 'trailers' }
  | { kind: 'until-close' };

/**
 * Reads one HTTP/1.1 response from a byte stream, keeping only what matters to a
 * delivery: the status, and where the response ends (Content-Length, chunked, or the close
 * of the connection) so the connection can be reused. Interim 1xx answers are skipped.
 * The body is skipped, never buffered.
 */
export class ResponseReader {
  private state: State = { kind: 'head' };
  private pending: Buffer = Buffer.alloc(0);
  private status = 0;
  private keepAlive = true;
  /** Whether any byte of the response arrived. */
  started = false;

  /** Feeds bytes; returns the end of the response once complete. Throws on a malformed response. */
  push(chunk: Buffer): ResponseEnd | undefined {
    this.started = true;
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = Buffer.alloc(0);
    for (;;) {
      switch (this.state.kind) {
        case 'head': {
          const end = buf.indexOf(HEAD_END);
          if (end < 0) {
            if (buf.length > MAX_HEAD_BYTES) throw new Error('response head too large');
            this.pending = buf;
            return undefined;
          }
          const next = this.readHead(buf.subarray(0, end).toString('latin1'));
          buf = buf.subarray(end + 4);
          if (this.status < 200) continue; // 100 Continue and other interim answers: the real one follows
          this.state = next;
          if (next.kind === 'length' && next.left === 0) return this.end();
          continue;
        }
        case 'length': {
          const take = Math.min(this.state.left, buf.length);
          this.state.left -= take;
          buf = buf.subarray(take);
          if (this.state.left === 0) return this.end();
          return undefined;
        }
        case 'chunk-size': {
          const eol = buf.indexOf(CRLF);
          if (eol < 0) {
            this.pending = buf;
            return undefined;
          }
          const size = parseInt(buf.subarray(0, eol).toString('latin1').split(';')[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0) throw new Error('malformed chunk size');
          buf = buf.subarray(eol + 2);
          this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', left: size + 2 };
          continue;
        }
        case 'chunk-data': {
          const take = Math.min(this.state.left, buf.length);
          this.state.left -= take;
          buf = buf.subarray(take);
          if (this.state.left > 0) return undefined;
          this.state = { kind: 'chunk-size' };
          continue;
        }
        case 'trailers': {
          const eol = buf.indexOf(CRLF);
          if (eol < 0) {
            this.pending = buf;
            return undefined;
          }
          buf = buf.subarray(eol + 2);
          if (eol === 0) return this.end();
          continue; // a trailer line
        }
        case 'until-close':
          return undefined;
      }
    }
  }

  /** When the connection closes: the status if the response was one that ends with the close. */
  endOnClose(): number | undefined {
    return this.state.kind === 'until-close' ? this.status : undefined;
  }

  /** Reads the status line and headers; returns how the body is framed. */
  private readHead(head: string): State {
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!m) throw new Error(`not an HTTP/1.x response: ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
    this.status = Number(m[2]);
    let keepAlive = m[1] === '1';
    let length: number | undefined;
    let chunked = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.split(',').some((v) => v.trim() === 'chunked');
      else if (name === 'connection') {
        if (value.includes('close')) keepAlive = false;
        else if (value.includes('keep-alive')) keepAlive = true;
      }
    }
    this.keepAlive = keepAlive;
    if (this.status < 200 || this.status === 204 || this.status === 304) return { kind: 'length', left: 0 };
    if (chunked) return { kind: 'chunk-size' };
    if (length !== undefined && Number.isInteger(length) && length >= 0) return { kind: 'length', left: length };
    this.keepAlive = false;
    return { kind: 'until-close' };
  }

  private end(): ResponseEnd {
    return { status: this.status, keepAlive: this.keepAlive };
  }
}
