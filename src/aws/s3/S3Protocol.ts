import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { MetricsRecorder, Counter } from '../../engines/metrics/Metric.js';
import type { Authenticator, Caller } from '../wire/Authenticator.js';
import { AwsError } from '../wire/AwsError.js';
import { header, type EdgeRequest, type EdgeResponse, type EdgeRoute } from '../wire/EdgeRequest.js';
import type { Logger } from '../wire/Logger.js';
import type { OperationModel, ServiceModel } from '../wire/model.js';
import type { AnyOperation, RequestContext } from '../wire/Service.js';
import { parseAuthorization } from '../wire/sigv4/index.js';
import { notImplemented } from './common.js';
import { s3Error } from './errors.js';
import { IncomingBody } from './IncomingBody.js';
import { isBrowserPageRequest, requestTarget, type RequestTarget } from './requestTarget.js';
import { OperationMatcher } from './restXml/OperationMatcher.js';
import { parseQueryString, RequestDecoder } from './restXml/RequestDecoder.js';
import { ResponseEncoder, type EncodedResponse } from './restXml/ResponseEncoder.js';
import { XmlWriter } from './xml/XmlWriter.js';
import { checksumHeader, CHECKSUM_ALGORITHMS, CHECKSUM_MEMBERS, checksumOf } from './checksums.js';

export interface S3ProtocolOptions {
  readonly model: ServiceModel;
  readonly operations: Readonly<Record<string, AnyOperation>>;
  readonly region: string;
  readonly accountId: string;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly metrics: MetricsRecorder;
  /** Largest XML request body (DeleteObjects with 1000 long keys is about 1.1 MB). */
  readonly maxXmlBodyBytes: number;
}

/** The operations whose requests AWS counts as ListRequests. */
const LIST_OPERATIONS = new Set(['ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'ListMultipartUploads', 'ListParts']);

interface BucketCounters {
  readonly all: Counter;
  readonly byMethod: Map<string, Counter>;
  readonly list: Counter;
  readonly downloaded: Counter;
  readonly uploaded: Counter;
  readonly clientErrors: Counter;
  readonly serverErrors: Counter;
}

/** What an operation's answer adds to the request metrics. */
interface Served {
  response: EncodedResponse;
  operation?: string;
  /** Set for errors; requests to buckets that do not exist are not counted (no series for them). */
  errorCode?: string;
  bytesUp: number;
  bytesDown: number;
}

/**
 * S3 on the edge port (rest-xml): path-style and virtual-host style requests, SigV4 (header,
 * presigned, aws-chunked), the operation found from the model, its input read and its output
 * written by the model, errors as S3's `<Error>` documents. It is the catch-all route for
 * paths, so it stays out of the way of `/health`, the web console and requests signed for
 * other services.
 */
export class S3Protocol implements EdgeRoute {
  readonly name = 's3';
  private readonly matcher: OperationMatcher;
  private readonly decoder: RequestDecoder;
  private readonly encoder: ResponseEncoder;
  private readonly counters = new Map<string, BucketCounters>();

  constructor(private readonly options: S3ProtocolOptions) {
    this.matcher = new OperationMatcher(options.model);
    this.decoder = new RequestDecoder(options.model);
    this.encoder = new ResponseEncoder(options.model);
  }

  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
    if (req.rawPath === '/health' || isBrowserPageRequest(req)) return undefined;
    if (req.headers['x-amz-target'] !== undefined) return undefined; // an awsJson call nobody serves
    const auth = parseAuthorization(req.headers, req.rawQuery);
    if (auth.ok && auth.auth.service !== 's3') return undefined; // signed for another service
    return this.serve(req);
  }

  private async serve(req: EdgeRequest): Promise<EdgeResponse> {
    let target: RequestTarget | undefined;
    const served: Served = { response: { status: 500, headers: {} }, bytesUp: 0, bytesDown: 0 };
    try {
      target = requestTarget(req);
      await this.dispatch(req, target, served);
    } catch (err) {
      served.errorCode = s3Error(err)?.code;
      served.response = this.errorResponse(err, req, target);
    } finally {
      // An upload refused before its body was read: read and drop the rest, so the client
      // gets to read the answer and the connection stays usable.
      if (!req.body.readableEnded) {
        req.body.unpipe();
        req.body.resume();
      }
    }
    if (target?.bucket !== undefined && served.errorCode !== 'NoSuchBucket' && served.errorCode !== 'InvalidBucketName') {
      this.count(target.bucket, req.method, served);
    }
    const hostId = createHash('sha256').update(req.requestId).digest('base64');
    const response = served.response;
    return {
      status: response.status,
      headers: { ...response.headers, 'x-amz-request-id': req.requestId, 'x-amz-id-2': hostId, server: 'Lakehose' },
      // HEAD answers carry the GET's headers and no body, errors included.
      ...(req.method === 'HEAD' || response.body === undefined ? {} : { body: response.body }),
    };
  }

  private async dispatch(req: EdgeRequest, target: RequestTarget, served: Served): Promise<void> {
    const caller = this.options.authenticator.authenticate(req, undefined, 's3');
    if (caller instanceof AwsError) throw caller;
    const query = parseQueryString(req.rawQuery);
    const operation = this.matcher.match(req.method, target.kind, query, req.headers);
    if (!operation) {
      throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
        Method: req.method,
        ResourceType: target.kind === 'service' ? 'SERVICE' : target.kind === 'bucket' ? 'BUCKET' : 'OBJECT',
      });
    }
    served.operation = operation.name;
    const handler = this.options.operations[operation.name];
    if (!handler) throw notImplemented(operation.name);
    const input = this.decoder.decode(operation, { bucket: target.bucket, key: target.key, query, headers: req.headers });
    const body = await this.readPayload(operation, req, input, caller);
    const ctx: RequestContext = {
      requestId: req.requestId,
      region: this.options.region,
      accountId: this.options.accountId,
      accessKeyId: caller.accessKeyId,
      receivedAtMs: req.receivedAtMs,
    };
    const output = (await handler(input as never, ctx)) as Record<string, unknown>;
    if (body) served.bytesUp = body.length;
    const partial = output.ContentRange !== undefined && (operation.name === 'GetObject' || operation.name === 'HeadObject');
    try {
      served.response = this.encoder.encode(operation, output, partial ? 206 : undefined);
    } catch (err) {
      (output.Body as { destroy?: () => void } | undefined)?.destroy?.(); // release the object's file
      throw err;
    }
    if (operation.name === 'GetObject' && typeof output.ContentLength === 'number') served.bytesDown = output.ContentLength;
  }

  /**
   * Puts the payload member into the input: an upload stream as an {@link IncomingBody}
   * (never buffered), an XML document read by its shape. Returns the upload, if any.
   */
  private async readPayload(operation: OperationModel, req: EdgeRequest, input: Record<string, unknown>, caller: Caller): Promise<IncomingBody | undefined> {
    const payload = this.decoder.payloadOf(operation);
    if (!payload) return undefined;
    const streaming = payload.shape.type === 'blob' && (payload.ref.streaming || payload.shape.streaming);
    // An upload's checksum headers are its body's; an XML request's may be members of their own.
    const body = IncomingBody.of(req.body, streaming ? req.headers : bodyHeaders(req.headers, input), caller.signing);
    if (body.chunked) {
      // Content-Length counts the framing; the object's length is announced separately.
      const decoded = header(req, 'x-amz-decoded-content-length');
      if (decoded !== undefined && /^\d+$/.test(decoded)) input.ContentLength = Number(decoded);
      else delete input.ContentLength;
    }
    if (streaming) {
      input[payload.name] = body;
      return body;
    }
    const bytes = await this.collect(body);
    this.checkDigests(req, bytes, input);
    if (payload.shape.type === 'structure') {
      const value = this.decoder.decodeXmlPayload(payload.ref, bytes);
      if (value !== undefined) input[payload.name] = value;
    } else if (bytes.length > 0) {
      input[payload.name] = payload.shape.type === 'blob' ? bytes : bytes.toString('utf8');
    }
    return undefined;
  }

  private async collect(body: IncomingBody): Promise<Buffer> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += chunk.length;
      if (total > this.options.maxXmlBodyBytes) {
        throw new AwsError('MaxMessageLengthExceeded', 'Your request was too big.', 400, { MaxMessageLengthBytes: String(this.options.maxXmlBodyBytes) });
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
  }

  /** Content-MD5 and x-amz-checksum-* headers on a small body (streams are checked by IncomingBody). */
  private checkDigests(req: EdgeRequest, bytes: Buffer, input: Record<string, unknown>): void {
    const md5 = header(req, 'content-md5');
    if (md5 !== undefined && createHash('md5').update(bytes).digest('base64') !== md5.trim()) {
      throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400);
    }
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const sent = input[CHECKSUM_MEMBERS[algorithm]] === undefined ? header(req, checksumHeader(algorithm)) : undefined;
      if (sent !== undefined && checksumOf(algorithm, bytes) !== sent.trim()) {
        throw new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
      }
    }
  }

  private errorResponse(err: unknown, req: EdgeRequest, target: RequestTarget | undefined): EncodedResponse {
    let error = s3Error(err);
    if (!error) {
      this.options.logger.error('S3 request failed', { requestId: req.requestId, method: req.method, path: req.rawPath, error: String(err), stack: err instanceof Error ? err.stack : undefined });
      error = new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500);
    } else if (error.status >= 500) {
      this.options.logger.warn('S3 request failed', { requestId: req.requestId, code: error.code, message: error.message });
    }
    if (error.status === 304) {
      // Not Modified: the object's validators as headers, no body.
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(error.fields)) headers[name.toLowerCase()] = value;
      return { status: 304, headers };
    }
    const w = new XmlWriter();
    w.open('Error').leaf('Code', error.code).leaf('Message', error.message);
    for (const [name, value] of Object.entries(error.fields)) w.leaf(name, value);
    if (target) w.leaf('Resource', target.resource);
    w.leaf('RequestId', req.requestId).leaf('HostId', createHash('sha256').update(req.requestId).digest('base64')).close('Error');
    const headers: Record<string, string> = { 'content-type': 'application/xml' };
    if (error.code === 'ServiceUnavailable' || error.code === 'SlowDown') headers['retry-after'] = '1';
    return { status: error.status, headers, body: w.toString() };
  }

  private count(bucket: string, method: string, served: Served): void {
    let c = this.counters.get(bucket);
    if (!c) {
      const m = this.options.metrics;
      const d = { BucketName: bucket, FilterId: 'EntireBucket' };
      c = {
        all: m.counter('AWS/S3', 'AllRequests', d),
        byMethod: new Map(),
        list: m.counter('AWS/S3', 'ListRequests', d),
        downloaded: m.counter('AWS/S3', 'BytesDownloaded', d, 'Bytes'),
        uploaded: m.counter('AWS/S3', 'BytesUploaded', d, 'Bytes'),
        clientErrors: m.counter('AWS/S3', '4xxErrors', d),
        serverErrors: m.counter('AWS/S3', '5xxErrors', d),
      };
      this.counters.set(bucket, c);
    }
    c.all.add(1);
    const methodMetric = METHOD_METRICS[method];
    if (methodMetric) {
      let counter = c.byMethod.get(methodMetric);
      if (!counter) c.byMethod.set(methodMetric, (counter = this.options.metrics.counter('AWS/S3', methodMetric, { BucketName: bucket, FilterId: 'EntireBucket' })));
      counter.add(1);
    }
    if (served.operation && LIST_OPERATIONS.has(served.operation)) c.list.add(1);
    const status = served.response.status;
    if (status >= 200 && status < 300) {
      if (served.bytesDown > 0) c.downloaded.add(served.bytesDown);
      if (served.bytesUp > 0) c.uploaded.add(served.bytesUp);
    }
    // Every request adds a sample (0 or 1), as S3's error-rate metrics do.
    c.clientErrors.add(status >= 400 && status < 500 ? 1 : 0);
    c.serverErrors.add(status >= 500 ? 1 : 0);
  }
}

const METHOD_METRICS: Readonly<Record<string, string>> = {
  GET: 'GetRequests',
  PUT: 'PutRequests',
  DELETE: 'DeleteRequests',
  HEAD: 'HeadRequests',
  POST: 'PostRequests',
};

/**
 * The headers that describe the request body. A checksum header the operation models as a
 * member of its own is not the body's (CompleteMultipartUpload's is the object's checksum).
 */
function bodyHeaders(headers: IncomingHttpHeaders, input: Record<string, unknown>): IncomingHttpHeaders {
  const own = CHECKSUM_ALGORITHMS.filter((a) => input[CHECKSUM_MEMBERS[a]] !== undefined);
  if (own.length === 0) return headers;
  const out = { ...headers };
  for (const algorithm of own) delete out[checksumHeader(algorithm)];
  return out;
}
