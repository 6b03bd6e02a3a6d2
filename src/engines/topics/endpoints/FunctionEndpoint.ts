import type { DeliveryEndpoint, FunctionInvoker } from '../ports.js';
import type { DeliveryOutcome, Notification, Subscription } from '../types.js';
import type { DeliveryContext } from './DeliveryContext.js';

/** Lambda runs an event that fails twice more before giving up (asynchronous invocation). */
const FUNCTION_ERROR_RETRIES = 2;

/**
 * `lambda` subscriptions: the function gets SNS's event (`Records[0].Sns`). SNS invokes
 * asynchronously, so a function that throws is Lambda's business, not a failed delivery:
 * like Lambda, Lambda's retries (two) happen here and then the event is dropped. A
 * throttled function is a failed delivery that SNS retries on its managed policy; an
 * unknown function cannot be delivered to at all.
 */
export class FunctionEndpoint implements DeliveryEndpoint {
  constructor(
    private readonly context: DeliveryContext,
    private readonly functions: FunctionInvoker,
    private readonly onFunctionError: (functionName: string, message: string) => void,
  ) {}

  async deliver(notification: Notification, subscription: Subscription): Promise<DeliveryOutcome> {
    const name = functionName(subscription.endpoint);
    const event = await this.context.documents.lambdaEvent(notification, subscription, this.context.signatureVersion(notification.topicArn));
    for (let attempt = 0; ; attempt++) {
      let result: Awaited<ReturnType<FunctionInvoker['invoke']>>;
      try {
        result = await this.functions.invoke(name, event);
      } catch (e) {
        const notFound = (e as { kind?: string }).kind === 'FunctionNotFound';
        return { ok: false, retryable: !notFound, reason: e instanceof Error ? e.message : String(e) };
      }
      if (result.ok) return { ok: true };
      if (result.errorType === 'Throttled') return { ok: false, retryable: true, reason: `function ${name} throttled` };
      if (attempt >= FUNCTION_ERROR_RETRIES) {
        this.onFunctionError(name, `${result.errorType ?? 'Error'}: ${result.errorMessage ?? ''}`);
        return { ok: true };
      }
    }
  }
}

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]` (or a bare name) → the name. */
export function functionName(endpoint: string): string {
  const m = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(endpoint);
  return m ? m[1]! : endpoint;
}
