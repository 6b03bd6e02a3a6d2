import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../wire/EdgeRequest.js';
import { JsonRpcProtocol, type JsonRpcOptions } from '../wire/JsonRpcProtocol.js';

/**
 * awsJson 1.1 for CloudWatch Logs, which reports failed constraints as
 * InvalidParameterException ("1 validation error detected: …"), not the generic
 * ValidationException: the shared JSON protocol with that one renaming on the way out.
 */
export class LogsJsonRoute implements EdgeRoute {
  readonly name = 'awsJson (CloudWatch Logs)';
  private readonly json: JsonRpcProtocol;

  constructor(options: JsonRpcOptions) {
    this.json = new JsonRpcProtocol(options);
  }

  handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
    return this.json.handle(req)?.then(renameValidation);
  }
}

function renameValidation(r: EdgeResponse): EdgeResponse {
  if (r.status !== 400 || r.headers?.['x-amzn-errortype'] !== 'ValidationException' || !Buffer.isBuffer(r.body)) return r;
  const type = String(r.headers['content-type'] ?? '');
  if (!type.includes('json')) return r;
  const doc = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
  doc.__type = 'InvalidParameterException';
  return { ...r, headers: { ...r.headers, 'x-amzn-errortype': 'InvalidParameterException' }, body: Buffer.from(JSON.stringify(doc)) };
}
