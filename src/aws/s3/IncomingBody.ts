import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { LakeError } from '../../engines/lake/LakeError.js';
import { AwsError } from '../wire/AwsError.js';
import type { ChunkSigningContext } from '../wire/sigv4/index.js';
import { AwsChunkedDecodeError, AwsChunkedDecoder, contentSha256MismatchError, isSha256Hex } from '../wire/sigv4/index.js';
import { algorithmOfHeader, CHECKSUM_ALGORITHMS, checksumHeader, createChecksum, type Checksum, type ChecksumAlgorithm } from './checksums.js';

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function fromChunkedError(err: AwsChunkedDecodeError): AwsError {
  return new AwsError(err.code, err.message, err.httpStatus, err.fields);
}

/**
 * An upload's bytes as they reach the lake: aws-chunked framing removed, and every digest
 * the client sent (`x-amz-content-sha256`, `x-amz-checksum-*` in a header or trailer)
 * checked after the last byte. A mismatch is thrown from the iteration, so the lake, which
 * publishes an object only after consuming its whole body, stores nothing.
 */
export class IncomingBody implements AsyncIterable<Uint8Array> {
  private readonly source: Readable;
  private readonly decoder: AwsChunkedDecoder | undefined;
  private readonly expected = new Map<ChecksumAlgorithm, string | undefined>();
  private readonly running = new Map<ChecksumAlgorithm, Checksum>();
  private readonly sha256: { expected: string; hash: Hash } | undefined;
  private readonly verified: Partial<Record<ChecksumAlgorithm, string>> = {};
  private readonly computed: Partial<Record<ChecksumAlgorithm, string>> = {};
  /** The object's length as announced (Content-Length, or x-amz-decoded-content-length when chunked). */
  private readonly declaredLength: number | undefined;
  private received = 0;
  private failure: Error | undefined;

  private constructor(request: Readable, headers: IncomingHttpHeaders, signing: ChunkSigningContext | undefined) {
    try {
      this.decoder = AwsChunkedDecoder.fromHeaders(headers, signing);
    } catch (err) {
      if (err instanceof AwsChunkedDecodeError) throw fromChunkedError(err);
      throw err;
    }
    this.source = this.decoder ? request.pipe(this.decoder) : request;
    if (this.decoder) {
      request.once('error', (e) => this.decoder!.destroy(e));
      // Bytes flow into the decoder before the operation starts reading; a framing error
      // then must not go unheard (pipe re-throws errors nobody listens for).
      this.decoder.on('error', (e) => (this.failure ??= e));
    }
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = headerText(headers, checksumHeader(algorithm));
      if (value !== undefined) this.expected.set(algorithm, value.trim());
    }
    const trailer = headerText(headers, 'x-amz-trailer');
    if (trailer !== undefined && this.decoder) {
      for (const name of trailer.split(',')) {
        const algorithm = algorithmOfHeader(name);
        if (algorithm && !this.expected.has(algorithm)) this.expected.set(algorithm, undefined);
      }
    }
    for (const algorithm of this.expected.keys()) this.running.set(algorithm, createChecksum(algorithm));
    const length = headerText(headers, this.decoder ? 'x-amz-decoded-content-length' : 'content-length');
    this.declaredLength = length !== undefined && /^\d{1,15}$/.test(length) ? Number(length) : undefined;
    const contentSha = headerText(headers, 'x-amz-content-sha256');
    this.sha256 = !this.decoder && contentSha !== undefined && isSha256Hex(contentSha) ? { expected: contentSha, hash: createHash('sha256') } : undefined;
  }

  /** Throws an S3 AwsError when the framing headers are unusable. */
  static of(request: Readable, headers: IncomingHttpHeaders, signing?: ChunkSigningContext): IncomingBody {
    return new IncomingBody(request, headers, signing);
  }

  /** Whether the body is aws-chunked (its Content-Length is not the object's). */
  get chunked(): boolean {
    return this.decoder !== undefined;
  }

  /** Bytes of object data read so far. */
  get length(): number {
    return this.received;
  }

  /** The algorithms the client sent a checksum in (header, or announced in `x-amz-trailer`), first the headers'. */
  get sentAlgorithms(): ChecksumAlgorithm[] {
    return [...this.expected.keys()];
  }

  /** Computes `algorithm` over the body too (call before reading it); see checksumFor. */
  compute(algorithm: ChecksumAlgorithm): void {
    if (!this.running.has(algorithm)) this.running.set(algorithm, createChecksum(algorithm));
  }

  /** The body's digest in `algorithm`, verified or computed, once it has been read to its end. */
  checksumFor(algorithm: ChecksumAlgorithm): string | undefined {
    return this.verified[algorithm] ?? this.computed[algorithm];
  }

  /** The checksums that were sent and matched, by algorithm (complete once iteration ended). */
  get checksums(): Partial<Record<ChecksumAlgorithm, string>> {
    return this.verified;
  }

  /**
   * The whole body, verified, when it announced at most `limit` bytes; otherwise undefined
   * and nothing is read. Small objects then go to the lake as one buffer, which spares the
   * streaming path's staging allocation.
   */
  async readWholeIfAtMost(limit: number): Promise<Buffer | undefined> {
    const declared = this.declaredLength;
    if (declared === undefined || declared > limit) return undefined;
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const part of this) {
      total += part.length;
      if (total > declared) throw new LakeError({ kind: 'IncompleteBody', expectedSize: declared, receivedSize: total });
      parts.push(part);
    }
    return Buffer.concat(parts, total);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    try {
      if (this.failure) throw this.failure;
      for await (const chunk of this.source as AsyncIterable<Buffer>) {
        this.received += chunk.length;
        for (const c of this.running.values()) c.update(chunk);
        this.sha256?.hash.update(chunk);
        yield chunk;
      }
    } catch (err) {
      if (err instanceof AwsChunkedDecodeError) throw fromChunkedError(err);
      throw err;
    }
    this.verify();
  }

  private verify(): void {
    if (this.sha256) {
      const computed = this.sha256.hash.digest('hex');
      if (computed !== this.sha256.expected) {
        const e = contentSha256MismatchError(this.sha256.expected, computed);
        throw new AwsError(e.code, e.message, e.httpStatus, e.fields ?? {});
      }
    }
    for (const [algorithm, checksum] of this.running) {
      const sent = this.expected.get(algorithm) ?? this.decoder?.trailers.get(checksumHeader(algorithm));
      const computed = checksum.digest();
      if (sent === undefined) {
        this.computed[algorithm] = computed; // asked for, or announced in x-amz-trailer but not sent
        continue;
      }
      if (computed !== sent) {
        throw new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
      }
      this.verified[algorithm] = computed;
    }
  }
}
