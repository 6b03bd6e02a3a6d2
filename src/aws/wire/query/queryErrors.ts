import type { AwsError } from '../AwsError.js';
import type { ServiceModel } from '../model.js';
import { escapeXml } from './xmlText.js';

/** The code, status and fault side of an error as an awsQuery service reports it. */
export interface QueryErrorWire {
  readonly code: string;
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';
}

/**
 * Facades may throw an error by its model shape name (`NotFoundException`, as in the SDK's
 * exception classes and in awsJson); awsQuery sends the shape's `error.code` instead
 * (`NotFound`), with the shape's HTTP status. CloudWatch (awsQueryCompatible) uses the same
 * table to answer its query clients with the codes they know. Codes that are no shape name
 * (`InvalidAction`, auth errors) pass unchanged.
 */
export function queryErrorWire(model: ServiceModel, error: AwsError): QueryErrorWire {
  const shape = model.shapes[error.code];
  if (shape?.exception && shape.error) {
    const status = shape.error.httpStatusCode ?? error.status;
    return {
      code: shape.error.code ?? error.code,
      status,
      type: shape.error.senderFault === true || status < 500 ? 'Sender' : 'Receiver',
    };
  }
  return { code: error.code, status: error.status, type: error.status >= 500 ? 'Receiver' : 'Sender' };
}

/** `<ErrorResponse>` as SNS, CloudWatch, SQS (query) and STS send it. */
export function errorResponseXml(
  wire: QueryErrorWire,
  message: string,
  requestId: string,
  namespace: string | undefined,
  fields: Readonly<Record<string, string>> = {},
): string {
  let extra = '';
  for (const [k, v] of Object.entries(fields)) {
    if (/^[A-Za-z_][\w.-]*$/.test(k)) extra += `<${k}>${escapeXml(v)}</${k}>`;
  }
  return (
    `<ErrorResponse${namespace ? ` xmlns="${escapeXml(namespace)}"` : ''}>` +
    `<Error><Type>${wire.type}</Type><Code>${escapeXml(wire.code)}</Code><Message>${escapeXml(message)}</Message>${extra}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}

/**
 * The `x-amzn-query-error: <Code>;<Sender|Receiver>` header of awsQueryCompatible services,
 * from which the AWS CLI and SDKs take the code query clients know (`ValidationError`).
 */
export function queryErrorHeader(wire: QueryErrorWire): string {
  const code = wire.code === 'ValidationException' ? 'ValidationError' : wire.code;
  return `${code};${wire.type}`;
}
