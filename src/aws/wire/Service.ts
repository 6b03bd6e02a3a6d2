import type { AwsError } from './AwsError.js';
import type { ServiceModel } from './model.js';

/** What every operation handler knows about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  /** The configured region (ARNs use it). */
  readonly region: string;
  readonly accountId: string;
  /** The caller's access key when the request was signed. */
  readonly accessKeyId: string | undefined;
  readonly receivedAtMs: number;
  /** Aborts when the client goes away or the server shuts down (long-lived responses stop then). */
  readonly signal?: AbortSignal;
}

/** One AWS operation: typed input in, typed output out; throws AwsError or a domain error. */
export type Operation<I, O> = (input: I, ctx: RequestContext) => O | Promise<O>;

/** Operations are stored type-erased; each facade file keeps the precise types. */
export type AnyOperation = Operation<never, unknown>;

/** A service facade as the wire layer sees it. */
export interface ServiceDefinition {
  readonly model: ServiceModel;
  readonly operations: Readonly<Record<string, AnyOperation>>;
  /** Turns a domain error into the service's AWS error; undefined for unexpected errors. */
  readonly mapError: (error: unknown) => AwsError | undefined;
  /**
   * The code failed model constraints get, when the service does not use the common
   * ValidationException (CloudWatch Logs answers InvalidParameterException).
   */
  readonly validationErrorCode?: string;
}

/** Called once per served request, for metrics and logs. */
export type RequestObserver = (event: {
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly durationMs: number;
  readonly requestBytes: number;
}) => void;
