import { decode as decodeCbor, encode as encodeCbor } from 'cbor-x';
import { AwsError, serializationError, unknownOperationError } from './AwsError.js';
import type { Authenticator } from './Authenticator.js';
import { BodyTooLargeError, header, type EdgeRequest, type EdgeResponse, type EdgeRoute } from './EdgeRequest.js';
import { EVENT_STREAM_CONTENT_TYPE, EventStreamWriter, eventStreamMemberOf } from './EventStreamWriter.js';
import type { Logger } from './Logger.js';
import { operationError } from './operationError.js';
import type { RequestContext, RequestObserver, ServiceDefinition } from './Service.js';
import { ShapeReader, type WireFlavor } from './ShapeReader.js';
import { ShapeWriter } from './ShapeWriter.js';
import { queryErrorHeader, queryErrorWire } from './query/queryErrors.js';

export interface JsonRpcOptions {
  readonly services: readonly ServiceDefinition[];
  readonly region: string;
  readonly accountId: string;
  readonly maxBodyBytes: number;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly observe?: RequestObserver;
}

const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1';

interface Codec {
  readonly reader: ShapeReader;
  readonly writer: ShapeWriter;
}

interface Target {
  readonly service: ServiceDefinition;
  readonly name: string;
  readonly json: Codec;
  readonly cbor: Codec;
}

/**
 * awsJson 1.0 / 1.1 (and CBOR, which the Java SDK uses for Kinesis): POST with
 * `X-Amz-Target: <TargetPrefix>.<Operation>`, a JSON or CBOR document in, one out.
 */
export class JsonRpcProtocol implements EdgeRoute {
  readonly name = 'awsJson';
  private readonly targets = new Map<string, Target>();

  constructor(private readonly options: JsonRpcOptions) {
    for (const service of options.services) {
      const prefix = service.model.metadata.targetPrefix;
      if (!prefix) throw new Error(`${service.model.metadata.serviceId} has no target prefix`);
      this.targets.set(prefix, {
        service,
        name: service.model.metadata.endpointPrefix ?? prefix,
        json: { reader: new ShapeReader(service.model, 'json'), writer: new ShapeWriter(service.model, 'json') },
        cbor: { reader: new ShapeReader(service.model, 'cbor'), writer: new ShapeWriter(service.model, 'cbor') },
      });
    }
  }

  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
    const target = header(req, 'x-amz-target');
    if (target === undefined) return undefined;
    const dot = target.lastIndexOf('.');
    const known = this.targets.get(dot > 0 ? target.slice(0, dot) : target);
    if (!known) return undefined; // another protocol (or nobody) serves this target
    return this.dispatch(req, known, dot > 0 ? target.slice(dot + 1) : '');
  }

  private async dispatch(req: EdgeRequest, target: Target, operation: string): Promise<EdgeResponse> {
    const started = performance.now();
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const flavor: WireFlavor = contentType === CBOR_CONTENT_TYPE ? 'cbor' : 'json';
    const responseType = flavor === 'cbor' ? CBOR_CONTENT_TYPE : contentType.startsWith('application/x-amz-json') ? contentType : `application/x-amz-json-${target.service.model.metadata.jsonVersion ?? '1.1'}`;
    let requestBytes = 0;
    let outcome: EdgeResponse;
    let errorCode: string | undefined;
    try {
      if (req.method !== 'POST') throw new AwsError('AccessDeniedException', 'Unable to determine service/operation name to be authorized', 400);
      const body = await req.readBody(this.options.maxBodyBytes).catch((e: unknown) => {
        if (e instanceof BodyTooLargeError) {
          throw new AwsError('SerializationException', `Request body is larger than the ${e.limit} bytes this endpoint accepts`, 413);
        }
        throw e;
      });
      requestBytes = body.length;
      const caller = this.options.authenticator.authenticate(req, body, 'json');
      if (caller instanceof AwsError) throw caller;
      const op = target.service.model.operations[operation];
      const handler = target.service.operations[operation];
      if (!op || !handler) throw unknownOperationError();
      const document = decodeDocument(body, flavor);
      const codec = flavor === 'cbor' ? target.cbor : target.json;
      const input = codec.reader.readInput(op.input?.shape, document);
      const ctx: RequestContext = {
        requestId: req.requestId,
        region: this.options.region,
        accountId: this.options.accountId,
        accessKeyId: caller.accessKeyId,
        receivedAtMs: req.receivedAtMs,
        get signal() {
          return req.signal;
        },
      };
      const output = await handler(input as never, ctx);
      const stream = eventStreamMemberOf(target.service.model, op.output?.shape);
      if (stream) {
        outcome = this.eventStream(target, operation, req.requestId, flavor, codec, op.output!.shape, stream, output as Record<string, unknown>);
      } else {
        const wire = codec.writer.writeOutput(op.output?.shape, output);
        outcome = { status: 200, headers: { 'content-type': responseType }, body: encodeDocument(wire, flavor) };
      }
    } catch (error) {
      const aws = this.toAwsError(error, target, operation, req.requestId);
      errorCode = aws.code;
      outcome = renderError(aws, flavor, responseType);
      const model = target.service.model;
      if (model.metadata.awsQueryCompatible) {
        // Query-compatible services (CloudWatch) also name the error as query clients know it;
        // the AWS CLI and SDKs take the code from this header.
        const header = queryErrorHeader(queryErrorWire(model, aws));
        outcome = { ...outcome, headers: { ...outcome.headers, 'x-amzn-query-error': header } };
      }
    }
    this.options.observe?.({
      service: target.name,
      operation,
      status: outcome.status,
      errorCode,
      durationMs: performance.now() - started,
      requestBytes,
    });
    return outcome;
  }

  /** An output with an event stream member (Kinesis SubscribeToShard): the events follow as they come. */
  private eventStream(
    target: Target,
    operation: string,
    requestId: string,
    flavor: WireFlavor,
    codec: Codec,
    outputShape: string,
    stream: { member: string; union: string },
    output: Record<string, unknown>,
  ): EdgeResponse {
    const { [stream.member]: events, ...initial } = output;
    const writer = new EventStreamWriter({
      model: target.service.model,
      union: stream.union,
      payloadContentType: flavor === 'cbor' ? CBOR_CONTENT_TYPE : 'application/json',
      encode: (shape, value) => encodeDocument(shape === undefined ? value : codec.writer.writeOutput(shape, value), flavor),
      toAwsError: (error) => this.toAwsError(error, target, operation, requestId),
    });
    return {
      status: 200,
      headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE },
      body: writer.body(outputShape, initial, events as AsyncIterable<Record<string, unknown>>),
    };
  }

  private toAwsError(error: unknown, target: Target, operation: string, requestId: string): AwsError {
    return operationError(error, target.service, this.options.logger, { requestId, service: target.name, operation });
  }
}

function decodeDocument(body: Buffer, flavor: WireFlavor): unknown {
  if (body.length === 0) throw serializationError('Request body is empty');
  let document: unknown;
  try {
    document = flavor === 'cbor' ? decodeCbor(body) : JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', flavor === 'cbor' ? 'Request body is not valid CBOR' : 'Request body is not valid JSON', 400);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document) || document instanceof Uint8Array) {
    throw serializationError('Start of structure or map expected at the top level of the request');
  }
  return document;
}

function encodeDocument(value: unknown, flavor: WireFlavor): Buffer {
  return flavor === 'cbor' ? encodeCbor(value) : Buffer.from(JSON.stringify(value));
}

export function renderError(error: AwsError, flavor: WireFlavor, contentType: string): EdgeResponse {
  const body: Record<string, string> = { __type: error.code, message: error.message, ...error.fields };
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-errortype': error.code },
    body: encodeDocument(body, flavor),
  };
}
