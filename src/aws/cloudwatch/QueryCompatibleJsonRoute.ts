import { decode as decodeCbor } from 'cbor-x';
import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../wire/EdgeRequest.js';
import { AwsError } from '../wire/AwsError.js';
import { JsonRpcProtocol, type JsonRpcOptions } from '../wire/JsonRpcProtocol.js';
import { queryErrorWire } from '../wire/query/queryErrors.js';
import { queryCode } from '../wire/RpcV2CborProtocol.js';

/**
 * awsJson 1.0 for a service marked awsQueryCompatible (CloudWatch): the plain JSON protocol,
 * plus the `x-amzn-query-error: <Code>;<Sender|Receiver>` header on errors, from which the
 * AWS CLI and the SDKs take the error code query clients know (`InvalidParameterValue`
 * rather than the shape name `InvalidParameterValueException`).
 *
 * It wraps its own JsonRpcProtocol instead of changing the shared one; the header is a small
 * hook that could move into JsonRpcProtocol once another awsQueryCompatible service needs it.
 */
export class QueryCompatibleJsonRoute implements EdgeRoute {
  readonly name = 'awsJson (query compatible)';
  private readonly json: JsonRpcProtocol;

  constructor(private readonly options: JsonRpcOptions) {
    this.json = new JsonRpcProtocol(options);
  }

  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
    const pending = this.json.handle(req);
    return pending?.then((r) => (r.status >= 400 ? this.withQueryError(r) : r));
  }

  private withQueryError(response: EdgeResponse): EdgeResponse {
    const headers = response.headers ?? {};
    if (headers['x-amzn-query-error'] !== undefined || !Buffer.isBuffer(response.body)) return response;
    let code: string | undefined;
    try {
      const cbor = String(headers['content-type'] ?? '').includes('cbor');
      const doc = (cbor ? decodeCbor(response.body) : JSON.parse(response.body.toString('utf8'))) as { __type?: unknown; message?: unknown };
      if (typeof doc.__type === 'string') code = doc.__type;
    } catch {
      return response;
    }
    if (code === undefined) return response;
    const model = this.options.services[0]!.model;
    const wire = queryErrorWire(model, new AwsError(code, '', response.status));
    return { ...response, headers: { ...headers, 'x-amzn-query-error': `${queryCode(wire.code)};${wire.type}` } };
  }
}
