import { decode as decodeCbor, encode as encodeCbor } from 'cbor-x';
import { AwsError, serializationError } from './AwsError.js';
import type { Authenticator } from './Authenticator.js';
import { BodyTooLargeError, header, type EdgeRequest, type EdgeResponse, type EdgeRoute } from './EdgeRequest.js';
import type { Logger } from './Logger.js';
import { operationError } from './operationError.js';
import { queryErrorHeader, queryErrorWire } from './query/queryErrors.js';
import type { RequestContext, RequestObserver, ServiceDefinition } from './Service.js';
import { ShapeReader } from './ShapeReader.js';

export interface RpcV2CborOptions {
  readonly services: readonly ServiceDefinition[];
  readonly region: string;
  readonly accountId: string;
  readonly maxBodyBytes: number;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly observe?: RequestObserver;
}

interface Target {
  readonly service: ServiceDefinition;
  readonly name: string;
  readonly reader: ShapeReader;
  /** `com.amazonaws.cloudwatch`: error `__type`s are shape ids in this namespace. */
  readonly namespace: string;
}

const PATH = /\/service\/([^/]+)\/operation\/([^/?]+)$/;
const CBOR_TYPE = 'application/cbor';

/**
 * Smithy RPC v2 CBOR, which newer AWS SDKs speak to CloudWatch: `POST
 * /service/<Service>/operation/<Operation>` with `smithy-protocol: rpc-v2-cbor`, a CBOR map
 * in and out (timestamps as tag 1, blobs as byte strings), errors as `{__type, message}`
 * with the HTTP status of the error shape. For services marked awsQueryCompatible the
 * `x-amzn-query-error: <Code>;<Sender|Receiver>` header carries the code query clients know.
 */
export class RpcV2CborProtocol implements EdgeRoute {
  readonly name = 'rpcv2Cbor';
  private readonly targets = new Map<string, Target>();

  constructor(private readonly options: RpcV2CborOptions) {
    for (const service of options.services) {
      const { metadata } = service.model;
      const name = metadata.targetPrefix;
      if (!name) throw new Error(`${metadata.serviceId} has no service name for RPC v2`);
      const namespace = `com.amazonaws.${(metadata.endpointPrefix === 'monitoring' ? 'cloudwatch' : metadata.endpointPrefix ?? metadata.serviceId ?? '').toLowerCase()}`;
      this.targets.set(name, { service, name: metadata.endpointPrefix ?? name, reader: new ShapeReader(service.model, 'cbor'), namespace });
    }
  }

  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
    const m = PATH.exec(req.rawPath);
    if (!m) return undefined;
    const target = this.targets.get(decodeURIComponent(m[1]!));
    if (!target) return undefined;
    return this.dispatch(req, target, decodeURIComponent(m[2]!));
  }

  private async dispatch(req: EdgeRequest, target: Target, operation: string): Promise<EdgeResponse> {
    const started = performance.now();
    let requestBytes = 0;
    let outcome: EdgeResponse;
    let errorCode: string | undefined;
    try {
      if (req.method !== 'POST') throw new AwsError('UnknownOperationException', 'RPC v2 requests must be POST', 405);
      if ((header(req, 'smithy-protocol') ?? '').toLowerCase() !== 'rpc-v2-cbor') {
        throw serializationError('The smithy-protocol header must be rpc-v2-cbor');
      }
      const body = await req.readBody(this.options.maxBodyBytes).catch((e: unknown) => {
        if (e instanceof BodyTooLargeError) throw new AwsError('SerializationException', `Request body is larger than the ${e.limit} bytes this endpoint accepts`, 413);
        throw e;
      });
      requestBytes = body.length;
      const caller = this.options.authenticator.authenticate(req, body, 'json');
      if (caller instanceof AwsError) throw caller;
      const op = target.service.model.operations[operation];
      const handler = target.service.operations[operation];
      if (!op || !handler) throw new AwsError('UnknownOperationException', `Operation ${operation} is not supported.`, 404);
      const input = target.reader.readInput(op.input?.shape, decodeBody(body));
      const ctx: RequestContext = {
        requestId: req.requestId,
        region: this.options.region,
        accountId: this.options.accountId,
        accessKeyId: caller.accessKeyId,
        receivedAtMs: req.receivedAtMs,
      };
      const output = await handler(input as never, ctx);
      outcome =
        op.output === undefined
          ? { status: 200, headers: { 'smithy-protocol': 'rpc-v2-cbor' } }
          : { status: 200, headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': CBOR_TYPE }, body: encodeCbor(withoutUndefined(output ?? {})) };
    } catch (error) {
      const aws = this.toAwsError(error, target, operation, req.requestId);
      errorCode = aws.code;
      outcome = this.renderError(aws, target);
    }
    this.options.observe?.({ service: target.name, operation, status: outcome.status, errorCode, durationMs: performance.now() - started, requestBytes });
    return outcome;
  }

  private renderError(error: AwsError, target: Target): EdgeResponse {
    const { model } = target.service;
    const headers: Record<string, string> = { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': CBOR_TYPE, 'x-amzn-errortype': error.code };
    const wire = queryErrorWire(model, error);
    if (model.metadata.awsQueryCompatible) {
      headers['x-amzn-query-error'] = queryErrorHeader(wire);
    }
    const modeled = model.shapes[error.code]?.exception === true;
    const body = { __type: modeled ? `${target.namespace}#${error.code}` : error.code, message: error.message, ...error.fields };
    return { status: modeled ? wire.status : error.status, headers, body: encodeCbor(body) };
  }

  private toAwsError(error: unknown, target: Target, operation: string, requestId: string): AwsError {
    return operationError(error, target.service, this.options.logger, { requestId, service: target.name, operation });
  }
}

/** Query clients know constraint failures as ValidationError (Coral's query wording). */
function decodeBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let document: unknown;
  try {
    document = decodeCbor(body);
  } catch {
    throw serializationError('Request body is not valid CBOR');
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document) || document instanceof Uint8Array) {
    throw serializationError('Start of structure or map expected at the top level of the request');
  }
  return document;
}

/** CBOR has an `undefined`, which Smithy decoders refuse: optional members that are unset are left out. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}
