// Decodes S3 `Content-Encoding: aws-chunked` bodies:
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
//   [<trailer name>:<value>\r\n ... [x-amz-trailer-signature:<sig>\r\n]]\r\n
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html

import { createHash, createHmac, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  chunkSignatureMismatchError,
  incompleteBodyError,
  malformedChunkError,
} from './authErrors.js';
import { AwsChunkedDecodeError } from './AwsChunkedDecodeError.js';
import { headerValue } from './canonical.js';
import { awsChunkedModeOf, EMPTY_SHA256, sha256Hex, type AwsChunkedMode } from './payloadHash.js';
import type { AwsAuthError, HeaderMap } from './types.js';
import { signaturesEqual } from './verifySigV4.js';

/** What chunk signatures chain from: the outcome of verifying the request's own signature. */
export interface ChunkSigningContext {
  readonly signingKey: Buffer;
  readonly amzDate: string;
  readonly scope: string;
  readonly seedSignature: string;
}

export interface AwsChunkedDecoderOptions {
  readonly mode: AwsChunkedMode;
  /**
   * For the signed modes: verify every chunk (and the trailer) against this context.
   * Without it, signatures are read and ignored (the server runs without credentials).
   */
  readonly signing?: ChunkSigningContext;
  /** `x-amz-decoded-content-length`: the decoded body must be exactly this long. */
  readonly decodedContentLength?: number;
  /** A signed chunk is held until its signature checks out; larger chunks are refused. */
  readonly maxChunkBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE_BYTES = 4096;
const DEFAULT_MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const CHUNK_SIZE = /^[0-9a-fA-F]{1,13}$/;

type State = 'size' | 'data' | 'dataEnd' | 'trailer' | 'done';

function refuse(error: AwsAuthError): never {
  throw new AwsChunkedDecodeError(error);
}

/**
 * A Transform from the raw aws-chunked body to the object's bytes. Unsigned chunks stream
 * through without copying; a signed chunk is released only once its signature matched, so
 * nothing unauthenticated ever reaches the consumer. Errors are {@link AwsChunkedDecodeError}s.
 * Trailing headers are in {@link trailers} by the time the stream ends.
 */
export class AwsChunkedDecoder extends Transform {
  private state: State = 'size';
  private readonly verifying: boolean;
  private readonly expectsSignatures: boolean;
  private readonly maxChunkBytes: number;
  private lineParts: Buffer[] = [];
  private lineBytes = 0;
  private remaining = 0;
  private crlfSeen = 0;
  private chunkSignature = '';
  private chunkHash: Hash | undefined;
  private held: Buffer[] = [];
  private previousSignature: string;
  private decoded = 0;
  private readonly trailerValues = new Map<string, string>();
  private trailerSignature: string | undefined;

  constructor(private readonly options: AwsChunkedDecoderOptions) {
    super();
    this.expectsSignatures = options.mode === 'signed' || options.mode === 'signed-trailer';
    this.verifying = this.expectsSignatures && options.signing !== undefined;
    this.previousSignature = options.signing?.seedSignature ?? '';
    this.maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
  }

  /**
   * A decoder for a request whose `x-amz-content-sha256` / `Content-Encoding` announce an
   * aws-chunked body, or undefined when the body is plain.
   */
  static fromHeaders(headers: HeaderMap, signing?: ChunkSigningContext): AwsChunkedDecoder | undefined {
    const sha = headers['x-amz-content-sha256'] === undefined ? undefined : headerValue(headers, 'x-amz-content-sha256');
    const encoding = headers['content-encoding'] === undefined ? undefined : headerValue(headers, 'content-encoding');
    const mode = awsChunkedModeOf(sha, encoding);
    if (mode === undefined) return undefined;
    const lengthText = headers['x-amz-decoded-content-length'];
    let decodedContentLength: number | undefined;
    if (lengthText !== undefined) {
      const text = headerValue(headers, 'x-amz-decoded-content-length');
      if (!/^\d{1,15}$/.test(text)) refuse(malformedChunkError('x-amz-decoded-content-length is not a number'));
      decodedContentLength = Number(text);
    }
    return new AwsChunkedDecoder({ mode, signing, decodedContentLength });
  }

  /** Trailing headers (lower-cased names), complete once the stream has ended. */
  get trailers(): ReadonlyMap<string, string> {
    return this.trailerValues;
  }

  /** Bytes of object data decoded so far. */
  get decodedLength(): number {
    return this.decoded;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.finish();
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private consume(buf: Buffer): void {
    let pos = 0;
    while (pos < buf.length) {
      switch (this.state) {
        case 'size':
        case 'trailer': {
          const lf = buf.indexOf(LF, pos);
          const end = lf < 0 ? buf.length : lf;
          this.appendLine(buf.subarray(pos, end));
          pos = lf < 0 ? buf.length : lf + 1;
          if (lf >= 0) this.onLine(this.takeLine());
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, buf.length - pos);
          this.onData(buf.subarray(pos, pos + n));
          pos += n;
          break;
        }
        case 'dataEnd': {
          if (buf[pos] !== (this.crlfSeen === 0 ? CR : LF)) refuse(malformedChunkError('chunk data is not followed by CRLF'));
          pos++;
          if (++this.crlfSeen === 2) this.state = 'size';
          break;
        }
        case 'done': {
          // Tolerate stray line breaks after the end, nothing else.
          const byte = buf[pos]!;
          if (byte !== CR && byte !== LF) refuse(malformedChunkError('data after the final chunk'));
          pos++;
          break;
        }
      }
    }
  }

  private appendLine(part: Buffer): void {
    if (part.length === 0) return;
    this.lineBytes += part.length;
    if (this.lineBytes > MAX_LINE_BYTES) refuse(malformedChunkError('chunk header line too long'));
    this.lineParts.push(part);
  }

  /** The pending line without its CR, as text. */
  private takeLine(): string {
    const raw = this.lineParts.length === 1 ? this.lineParts[0]! : Buffer.concat(this.lineParts, this.lineBytes);
    this.lineParts = [];
    this.lineBytes = 0;
    const end = raw.length > 0 && raw[raw.length - 1] === CR ? raw.length - 1 : raw.length;
    return raw.toString('latin1', 0, end);
  }

  private onLine(line: string): void {
    if (this.state === 'size') this.onChunkHeader(line);
    else this.onTrailerLine(line);
  }

  private onChunkHeader(line: string): void {
    const semi = line.indexOf(';');
    const sizeText = (semi < 0 ? line : line.slice(0, semi)).trim();
    if (!CHUNK_SIZE.test(sizeText)) refuse(malformedChunkError(`bad chunk size '${sizeText.slice(0, 32)}'`));
    const size = parseInt(sizeText, 16);
    let signature: string | undefined;
    if (semi >= 0) {
      for (const ext of line.slice(semi + 1).split(';')) {
        const eq = ext.indexOf('=');
        if (eq >= 0 && ext.slice(0, eq).trim() === 'chunk-signature') signature = ext.slice(eq + 1).trim();
      }
    }
    if (this.verifying) {
      if (signature === undefined) throw new AwsChunkedDecodeError(chunkSignatureMismatchError());
      if (size > this.maxChunkBytes) refuse(malformedChunkError(`chunk of ${size} bytes exceeds ${this.maxChunkBytes}`));
      this.chunkSignature = signature;
    }
    const expected = this.options.decodedContentLength;
    if (expected !== undefined && this.decoded + size > expected) throw new AwsChunkedDecodeError(incompleteBodyError());

    if (size === 0) {
      if (this.verifying) this.verifyChunk(EMPTY_SHA256);
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.state = 'data';
    if (this.verifying) this.chunkHash = createHash('sha256');
  }

  private onData(slice: Buffer): void {
    this.remaining -= slice.length;
    this.decoded += slice.length;
    if (this.verifying) {
      this.chunkHash!.update(slice);
      this.held.push(slice);
    } else {
      this.push(slice);
    }
    if (this.remaining === 0) {
      if (this.verifying) {
        this.verifyChunk(this.chunkHash!.digest('hex'));
        this.chunkHash = undefined;
        for (const part of this.held) this.push(part);
        this.held = [];
      }
      this.state = 'dataEnd';
      this.crlfSeen = 0;
    }
  }

  private verifyChunk(dataHash: string): void {
    const signing = this.options.signing!;
    const stringToSign =
      'AWS4-HMAC-SHA256-PAYLOAD\n' + signing.amzDate + '\n' + signing.scope + '\n' +
      this.previousSignature + '\n' + EMPTY_SHA256 + '\n' + dataHash;
    const expected = createHmac('sha256', signing.signingKey).update(stringToSign, 'utf8').digest('hex');
    if (!signaturesEqual(expected, this.chunkSignature)) throw new AwsChunkedDecodeError(chunkSignatureMismatchError());
    this.previousSignature = expected;
  }

  private onTrailerLine(line: string): void {
    if (line === '') {
      this.endTrailers();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) refuse(malformedChunkError('trailing header without a colon'));
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.trailerSignature = value;
    else this.trailerValues.set(name, value);
  }

  private endTrailers(): void {
    if (this.verifying && (this.trailerValues.size > 0 || this.trailerSignature !== undefined)) {
      this.verifyTrailer();
    }
    this.state = 'done';
  }

  /** The trailer's string to sign hashes its headers as `name:value\n`, sorted by name. */
  private verifyTrailer(): void {
    if (this.options.mode !== 'signed-trailer' || this.trailerSignature === undefined) {
      throw new AwsChunkedDecodeError(chunkSignatureMismatchError());
    }
    const signing = this.options.signing!;
    let canonical = '';
    for (const name of [...this.trailerValues.keys()].sort()) canonical += name + ':' + this.trailerValues.get(name)! + '\n';
    const stringToSign =
      'AWS4-HMAC-SHA256-TRAILER\n' + signing.amzDate + '\n' + signing.scope + '\n' +
      this.previousSignature + '\n' + sha256Hex(canonical);
    const expected = createHmac('sha256', signing.signingKey).update(stringToSign, 'utf8').digest('hex');
    if (!signaturesEqual(expected, this.trailerSignature)) throw new AwsChunkedDecodeError(chunkSignatureMismatchError());
  }

  private finish(): void {
    if (this.state === 'trailer') {
      // Clients that send no trailer stop right after `0\r\n` (the JS SDK does); a last
      // trailer line may also lack its CRLF.
      if (this.lineBytes > 0) this.onTrailerLine(this.takeLine());
      if (this.state === 'trailer') this.endTrailers();
    }
    if (this.state !== 'done') throw new AwsChunkedDecodeError(incompleteBodyError());
    const expected = this.options.decodedContentLength;
    if (expected !== undefined && this.decoded !== expected) throw new AwsChunkedDecodeError(incompleteBodyError());
  }
}
