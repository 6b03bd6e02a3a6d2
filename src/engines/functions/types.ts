/**
 * Domain types of the functions engine (the Lambda equivalent). No AWS wire shapes here:
 * a facade maps these to Lambda's Invoke response and error payloads.
 */

/** What a user declares for one function (config file or a create call). */
export interface FunctionDefinition {
  /** 1–64 characters of letters, digits, `-` and `_`, as Lambda function names. */
  readonly name: string;
  /** Lambda style `path/to/file.export` (or `file.nested.export`), relative to `codeDir`. */
  readonly handler: string;
  /** Absolute directory the handler path is resolved against (the config file's directory); also the function's working directory. */
  readonly codeDir: string;
  /** Variables the function sees in `process.env`. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Default 3, at most 900. Fractions are accepted (tests use them); Lambda's API takes whole seconds. */
  readonly timeoutSeconds?: number;
  /** Default 128, 128–10240 as Lambda. Caps the V8 heap and the worker's resident memory. */
  readonly memoryMB?: number;
  /** Most invocations running at once (Lambda's reserved concurrency). Default: the engine's `defaultConcurrency`. */
  readonly concurrency?: number;
  readonly description?: string;
}

/** A registered function with every default filled in. */
export interface FunctionConfiguration {
  readonly name: string;
  readonly handler: string;
  readonly codeDir: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMB: number;
  readonly concurrency: number;
  readonly description: string;
  /** `arn:aws:lambda:<region>:<account>:function:<name>` */
  readonly arn: string;
  readonly version: '$LATEST';
  readonly logGroupName: string;
  /** Epoch ms of the last register() for this name. */
  readonly lastModifiedMs: number;
}

/**
 * Why an invocation failed.
 * - `HandlerError`: the handler threw, rejected, called back with an error, or threw asynchronously (uncaught exception).
 * - `ModuleLoadError`: the module could not be found or loaded, threw at import, or the handler export is missing
 *   (`errorName` is `ImportModuleError`, `HandlerNotFound`, or the thrown error's name such as `SyntaxError`).
 * - `Timeout`: the function ran past its timeout or the caller's deadline; its worker was killed and will be replaced.
 * - `OutOfMemory`: the worker hit the memory limit (V8 heap or resident memory) and was killed.
 * - `RuntimeExit`: the worker process ended during the invocation (process.exit, a signal, a native crash).
 * - `UnhandledRejection`: a promise rejection nobody handled; the worker exits, as Lambda's runtime does.
 * - `InvalidResponse`: the result could not be serialised as JSON (cycle, BigInt).
 * - `ResponseTooLarge`: the serialised result exceeds 6 MiB.
 * - `RequestTooLarge`: the serialised payload exceeds 6 MiB; the function did not run.
 * - `Throttled`: the function's concurrency and queue were full, or the deadline passed while queued; it did not run.
 */
export type InvokeErrorType =
  | 'HandlerError'
  | 'ModuleLoadError'
  | 'Timeout'
  | 'OutOfMemory'
  | 'RuntimeExit'
  | 'UnhandledRejection'
  | 'InvalidResponse'
  | 'ResponseTooLarge'
  | 'RequestTooLarge'
  | 'Throttled';

/** Error types where the function itself failed (Lambda's `FunctionError: Unhandled`), as opposed to the call being refused. */
export function isFunctionError(errorType: InvokeErrorType): boolean {
  return errorType !== 'Throttled' && errorType !== 'RequestTooLarge';
}

export interface InvokeSuccess {
  readonly ok: true;
  readonly requestId: string;
  /** The handler's result after a JSON round trip (`undefined` becomes `null`), as a caller of Lambda sees it. */
  readonly result: unknown;
  /** The result exactly as serialised by the function's worker. */
  readonly resultJson: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  /** Set when this invocation started a new worker (a cold start). */
  readonly initDurationMs?: number;
  readonly maxMemoryUsedMB?: number;
}

export interface InvokeFailure {
  readonly ok: false;
  readonly requestId: string;
  readonly errorType: InvokeErrorType;
  /** For `HandlerError` and `ModuleLoadError`: the JavaScript error's name (`TypeError`, or `HandlerNotFound`, `ImportModuleError`). */
  readonly errorName?: string;
  readonly errorMessage: string;
  readonly stack?: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly initDurationMs?: number;
  readonly maxMemoryUsedMB?: number;
}

export type InvokeResult = InvokeSuccess | InvokeFailure;

export interface InvokeOptions {
  /** Defaults to a fresh UUID. */
  readonly requestId?: string;
  /** Absolute epoch ms by which the caller needs an answer; shortens the function's timeout when earlier. */
  readonly deadlineMs?: number;
}

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/**
 * One log event as Lambda puts it into CloudWatch Logs. `message` is the whole line as the
 * Node.js runtime writes it (`<ISO time>\t<requestId>\t<LEVEL>\t<text>\n` for console calls,
 * `START RequestId: …` framing lines, raw text for process.stdout/stderr writes).
 */
export interface FunctionLogEntry {
  readonly functionName: string;
  readonly requestId: string;
  readonly timestampMs: number;
  readonly message: string;
  /** Set for console.* calls; absent for framing lines and raw stdout/stderr writes. */
  readonly level?: LogLevel;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** One finished invocation, for metrics (Invocations, Errors, Throttles, Duration). */
export interface InvocationReport {
  readonly functionName: string;
  readonly requestId: string;
  readonly ok: boolean;
  readonly errorType?: InvokeErrorType;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly initDurationMs?: number;
  readonly maxMemoryUsedMB?: number;
  readonly timestampMs: number;
}

export interface FunctionsEngineOptions {
  readonly logSink: (entry: FunctionLogEntry) => void;
  /** Called once per invocation that reached the engine, including throttled ones. */
  readonly onReport?: (report: InvocationReport) => void;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `000000000000`. */
  readonly accountId?: string;
  /** Lakehose's edge URL; functions get it as AWS_ENDPOINT_URL(_<SERVICE>) so AWS SDK v3 clients talk to Lakehose. */
  readonly endpointUrl?: string;
  /** Credentials handed to functions; default dummy `test`/`test`. A function's own environment overrides them. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Where transpiled TypeScript is cached (inside the data directory); default a temporary directory removed by close(). */
  readonly cacheDir?: string;
  /** Concurrency of functions that declare none. Default: the machine's available parallelism (at least 2). */
  readonly defaultConcurrency?: number;
  /** Invocations waiting for a free worker, per function, before further ones are Throttled. Default 1000. */
  readonly maxQueuedPerFunction?: number;
  /** Idle workers older than this are stopped. Default 10 minutes. */
  readonly idleTimeoutMs?: number;
  /** How long module loading (Lambda's init phase) may take. Default 10 s. */
  readonly initTimeoutMs?: number;
  /** Node binary for workers. Default the running one. */
  readonly nodePath?: string;
}

/** Counters for one function, for the console and tests. */
export interface FunctionStats {
  readonly workers: number;
  readonly busy: number;
  readonly idle: number;
  readonly queued: number;
  readonly coldStarts: number;
  readonly invocations: number;
}
