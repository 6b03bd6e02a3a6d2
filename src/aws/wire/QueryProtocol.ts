import { AwsError } from './AwsError.js';
import type { Authenticator } from './Authenticator.js';
import { BodyTooLargeError, header, type EdgeRequest, type EdgeResponse, type EdgeRoute } from './EdgeRequest.js';
import type { Logger } from './Logger.js';
import { operationError } from './operationError.js';
import { QueryDecoder } from './query/QueryDecoder.js';
import { QueryParams } from './query/QueryParams.js';
import { QueryXmlWriter } from './query/QueryXmlWriter.js';
import { errorResponseXml, queryErrorWire } from './query/queryErrors.js';
import type { RequestContext, RequestObserver, ServiceDefinition } from './Service.js';
import { ShapeReader } from './ShapeReader.js';
import { parseAuthorization } from './sigv4/index.js';

export interface QueryProtocolOptions {
  readonly services: readonly ServiceDefinition[];
  readonly region: string;
  readonly accountId: string;
  readonly maxBodyBytes: number;
  readonly authenticator: Authenticator;
  readonly logger: Logger;
  readonly observe?: RequestObserver;
}

interface QueryService {
  readonly definition: ServiceDefinition;
  /** The name requests are signed for (`sns`, `monitoring`), also used in logs and metrics. */
  readonly name: string;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly decoder: QueryDecoder;
  readonly reader: ShapeReader;
  readonly writer: QueryXmlWriter;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
const XML_TYPE = 'text/xml';

/**
 * awsQuery (SNS, CloudWatch's query flavour): `Action=Publish&Version=…&TopicArn=…` as a
 * form-encoded POST body or a GET query string, answered in XML.
 *
 * Which service a request is for: the service of its SigV4 credential scope; unsigned
 * requests by their `Action` (and `Version`, when two services share an action name such as
 * TagResource). The route claims POST form bodies to `/` and GET requests that carry an
 * `Action` it knows, so S3 (the catch-all after it) still gets everything else.
 */
export class QueryProtocol implements EdgeRoute {
  readonly name = 'awsQuery';
  private readonly bySigningName = new Map<string, QueryService>();
  /** `Version/Action` and, when unambiguous, plain `Action` → service. */
  private readonly byAction = new Map<string, QueryService | null>();

  constructor(private readonly options: QueryProtocolOptions) {
    for (const definition of options.services) {
      const { metadata } = definition.model;
      const service: QueryService = {
        definition,
        name: metadata.signingName ?? metadata.endpointPrefix ?? metadata.serviceId ?? '?',
        version: metadata.apiVersion,
        namespace: metadata.xmlNamespace,
        decoder: new QueryDecoder(definition.model),
        reader: new ShapeReader(definition.model, 'json'),
        writer: new QueryXmlWriter(definition.model),
      };
      this.bySigningName.set(service.name, service);
      for (const action of Object.keys(definition.operations)) {
        this.byAction.set(`${service.version}/${action}`, service);
        const other = this.byAction.get(action);
        this.byAction.set(action, other === undefined ? service : null);
      }
    }
  }

  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
    if (header(req, 'x-amz-target') !== undefined) return undefined; // awsJson
    if (req.method === 'POST') {
      if (req.rawPath !== '/' && req.rawPath !== '') return undefined;
      const signedFor = this.signedService(req);
      if (signedFor === undefined) {
        const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== FORM_TYPE || this.signingScope(req) !== undefined) return undefined; // signed for someone else
      }
      return this.serve(req, signedFor, 'body');
    }
    if (req.method === 'GET') {
      if (!req.rawQuery.includes('Action=')) return undefined;
      const signedFor = this.signedService(req);
      if (signedFor === undefined) {
        if (this.signingScope(req) !== undefined) return undefined;
        const params = QueryParams.parse(req.rawQuery);
        if (this.serviceFor(params) === undefined) return undefined;
      }
      return this.serve(req, signedFor, 'query');
    }
    return undefined;
  }

  private signingScope(req: EdgeRequest): string | undefined {
    const parsed = parseAuthorization(req.headers, req.rawQuery);
    return parsed.ok ? parsed.auth.service : undefined;
  }

  private signedService(req: EdgeRequest): QueryService | undefined {
    const scope = this.signingScope(req);
    return scope === undefined ? undefined : this.bySigningName.get(scope);
  }

  private serviceFor(params: QueryParams): QueryService | undefined {
    const action = params.get('Action');
    if (action === undefined) return undefined;
    const version = params.get('Version');
    return (version !== undefined ? this.byAction.get(`${version}/${action}`) : undefined) ?? this.byAction.get(action) ?? undefined;
  }

  private async serve(req: EdgeRequest, signedFor: QueryService | undefined, source: 'body' | 'query'): Promise<EdgeResponse> {
    const started = performance.now();
    let service = signedFor;
    let action = '';
    let requestBytes = 0;
    let outcome: EdgeResponse;
    let errorCode: string | undefined;
    try {
      const body = await req.readBody(this.options.maxBodyBytes).catch((e: unknown) => {
        if (e instanceof BodyTooLargeError) throw new AwsError('RequestEntityTooLarge', `Request body is larger than the ${e.limit} bytes this endpoint accepts`, 413);
        throw e;
      });
      requestBytes = body.length;
      const params = QueryParams.parse(source === 'body' ? body.toString('utf8') : req.rawQuery);
      action = params.get('Action') ?? '';
      service ??= this.serviceFor(params);
      const caller = this.options.authenticator.authenticate(req, body, 'query');
      if (caller instanceof AwsError) throw caller;
      if (action === '') throw new AwsError('MissingAction', 'Could not find operation to perform', 400);
      const operation = service?.definition.model.operations[action];
      const handler = service?.definition.operations[action];
      if (!service || !operation || !handler) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, 400);
      const input = this.readInput(service, operation.input?.shape, params);
      const ctx: RequestContext = {
        requestId: req.requestId,
        region: this.options.region,
        accountId: this.options.accountId,
        accessKeyId: caller.accessKeyId,
        receivedAtMs: req.receivedAtMs,
      };
      const output = await handler(input as never, ctx);
      const xml = service.writer.response(action, operation.output?.resultWrapper, operation.output?.shape, output, req.requestId);
      outcome = { status: 200, headers: { 'content-type': XML_TYPE }, body: xml };
    } catch (error) {
      const aws = this.toAwsError(error, service, action, req.requestId);
      const wire = service ? queryErrorWire(service.definition.model, aws) : queryErrorWire(EMPTY_MODEL, aws);
      errorCode = wire.code;
      outcome = {
        status: wire.status,
        headers: { 'content-type': XML_TYPE },
        body: errorResponseXml(wire, aws.message, req.requestId, service?.namespace, aws.fields),
      };
    }
    this.options.observe?.({
      service: service?.name ?? 'query',
      operation: action,
      status: outcome.status,
      errorCode,
      durationMs: performance.now() - started,
      requestBytes,
    });
    return outcome;
  }

  private readInput(service: QueryService, shape: string | undefined, params: QueryParams): Record<string, unknown> {
    const document = service.decoder.decode(shape, params);
    try {
      return service.reader.readInput(shape, document);
    } catch (e) {
      // Coral's query services call a failed constraint a ValidationError.
      if (e instanceof AwsError && (e.code === 'ValidationException' || e.code === 'SerializationException')) {
        throw new AwsError('ValidationError', e.message, 400);
      }
      throw e;
    }
  }

  private toAwsError(error: unknown, service: QueryService | undefined, action: string, requestId: string): AwsError {
    return operationError(error, service?.definition, this.options.logger, { requestId, service: service?.name, operation: action });
  }
}

const EMPTY_MODEL = { metadata: { apiVersion: '', protocol: 'query' }, operations: {}, shapes: {} } as const;
