/**
 * Messages between the engine and a worker process over Node's IPC channel (v8 serialisation).
 * Payloads and results travel as JSON text, as Lambda's are, so their size is what Lambda measures.
 */
import type { LogLevel } from '../types.js';

export interface InitMessage {
  readonly type: 'init';
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: number;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly codeDir: string;
  readonly handler: string;
  /** Where transpiled TypeScript is cached; absent means no disk cache. */
  readonly cacheDir?: string;
  readonly maxResponseBytes: number;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly requestId: string;
  readonly eventJson: string;
  /** Epoch ms at which the engine stops the invocation; feeds getRemainingTimeInMillis(). */
  readonly deadlineMs: number;
}

export type ToWorker = InitMessage | InvokeMessage;

export interface ErrorDescription {
  /** The error's name (`TypeError`), `typeof` for thrown non-errors, or `ImportModuleError`/`HandlerNotFound`. */
  readonly errorName: string;
  readonly errorMessage: string;
  readonly stack?: string;
}

export interface ReadyMessage {
  readonly type: 'ready';
}

export interface InitErrorMessage extends ErrorDescription {
  readonly type: 'initError';
}

export interface LogMessage {
  readonly type: 'log';
  /** Absent outside an invocation (module scope during init). */
  readonly requestId?: string;
  readonly timestampMs: number;
  readonly level?: LogLevel;
  /** The whole line as it goes to the log stream. */
  readonly message: string;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly requestId: string;
  readonly outcome:
    | { readonly ok: true; readonly resultJson: string }
    | ({ readonly ok: false; readonly errorType: 'HandlerError' | 'InvalidResponse' | 'ResponseTooLarge' } & ErrorDescription);
  /** Peak resident memory of the worker process so far (getrusage maxrss), KiB. */
  readonly maxRssKiB: number;
}

/** The worker is about to exit because of an error outside any handler's control. */
export interface FatalMessage extends ErrorDescription {
  readonly type: 'fatal';
  readonly errorType: 'UnhandledRejection' | 'HandlerError';
}

export type FromWorker = ReadyMessage | InitErrorMessage | LogMessage | ResultMessage | FatalMessage;
