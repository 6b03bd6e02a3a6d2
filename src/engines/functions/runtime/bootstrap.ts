/**
 * Entry point of a worker process: the equivalent of Lambda's Node.js runtime inside one
 * execution environment. It loads the user's module once (init), then runs one invocation at
 * a time as the engine asks, and sends back results and every line the code logs.
 *
 * It must stay small and import little: its start-up time is the cold start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { extname, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { HANDLER_EXTENSIONS, parseHandler } from '../handlerName.js';
import type { LogLevel } from '../types.js';
import type { ErrorDescription, FromWorker, InitMessage, InvokeMessage, ResultMessage, ToWorker } from './protocol.js';
import { transpileSync } from './transpile.js';

type Handler = (event: unknown, context: unknown, callback: (err?: unknown, result?: unknown) => void) => unknown;

const require = createRequire(import.meta.url);
const realExit = process.exit.bind(process);

let init: InitMessage | undefined;
let handler: Handler | undefined;
let handlerOwner: unknown;
/** The invocation running now, or the last one: late logs belong to it, as in Lambda. */
let currentRequestId: string | undefined;
let dying = false;

function send(message: FromWorker, then?: () => void): void {
  if (process.send === undefined || !process.connected) return;
  process.send(message, undefined, {}, () => then?.());
}

// ---------------------------------------------------------------------------------------------
// Logging: console.* become Lambda's tab-separated lines; raw stdout/stderr writes pass as is.

function logLine(level: LogLevel, text: string): void {
  const timestampMs = Date.now();
  const requestId = currentRequestId;
  const message = `${new Date(timestampMs).toISOString()}\t${requestId ?? 'undefined'}\t${level}\t${text}\n`;
  send({ type: 'log', ...(requestId === undefined ? {} : { requestId }), timestampMs, level, message });
}

function rawWrite(chunk: unknown, encoding?: unknown): void {
  const text =
    typeof chunk === 'string'
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : String(chunk);
  if (text.length === 0) return;
  const requestId = currentRequestId;
  send({ type: 'log', ...(requestId === undefined ? {} : { requestId }), timestampMs: Date.now(), message: text });
}

function patchOutput(): void {
  const levels: Record<string, LogLevel> = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG' };
  const target = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const [method, level] of Object.entries(levels)) {
    target[method] = (...args: unknown[]) => logLine(level, format(...args));
  }
  target.trace = (...args: unknown[]) => {
    const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
    logLine('TRACE', `Trace: ${format(...args)}\n${stack}`);
  };
  for (const stream of [process.stdout, process.stderr]) {
    const writable = stream as unknown as { write: (chunk: unknown, encoding?: unknown, cb?: unknown) => boolean };
    writable.write = (chunk: unknown, encoding?: unknown, cb?: unknown) => {
      rawWrite(chunk, encoding);
      const callback = typeof encoding === 'function' ? encoding : cb;
      if (typeof callback === 'function') process.nextTick(callback as () => void);
      return true;
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Errors

function describe(err: unknown): ErrorDescription {
  if (err instanceof Error) {
    return {
      errorName: err.name,
      errorMessage: err.message,
      ...(err.stack === undefined ? {} : { stack: err.stack }),
    };
  }
  // Lambda reports thrown non-errors by their type (`callback('oops')` → errorType "string").
  return { errorName: typeof err, errorMessage: typeof err === 'string' ? err : format('%o', err) };
}

function logError(prefix: string, d: ErrorDescription): void {
  const stack = d.stack === undefined ? [] : d.stack.split('\n');
  logLine('ERROR', `${prefix} \t${JSON.stringify({ errorType: d.errorName, errorMessage: d.errorMessage, stack })}`);
}

class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function die(errorType: 'UnhandledRejection' | 'HandlerError', prefix: string, err: unknown): void {
  if (dying) return;
  dying = true;
  const d = describe(err);
  logError(prefix, d);
  // The engine kills the process when this arrives; exit ourselves in case it cannot.
  send({ type: 'fatal', errorType, ...d }, () => realExit(1));
}

process.on('unhandledRejection', (reason) => die('UnhandledRejection', 'Unhandled Promise Rejection', reason));
process.on('uncaughtException', (err) => die('HandlerError', 'Uncaught Exception', err));

// ---------------------------------------------------------------------------------------------
// Init: find the module, load it (TypeScript through loader hooks), find the handler.

function installCommonJsTypeScript(cacheDir: string | undefined): void {
  const moduleClass = require('node:module') as {
    _extensions: Record<string, (module: { _compile(code: string, file: string): void }, file: string) => void>;
  };
  const compile = (module: { _compile(code: string, file: string): void }, file: string) =>
    module._compile(transpileSync(file, readFileSync(file, 'utf8'), 'cjs', cacheDir), file);
  moduleClass._extensions['.cts'] = compile;
  moduleClass._extensions['.ts'] = compile;
}

async function loadHandler(msg: InitMessage): Promise<void> {
  const parsed = parseHandler(msg.handler);
  if (parsed === undefined) throw new NamedError('HandlerNotFound', `Bad handler ${msg.handler}`);
  const base = resolvePath(msg.codeDir, parsed.modulePath);
  const file = HANDLER_EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f));
  if (file === undefined) throw new NamedError('ImportModuleError', `Error: Cannot find module '${parsed.modulePath}'`);

  let mod: unknown;
  try {
    const ext = extname(file);
    if (ext === '.cts') {
      installCommonJsTypeScript(msg.cacheDir);
      mod = createRequire(file)(file);
    } else {
      if (ext === '.ts' || ext === '.mts') {
        register('./typescriptHooks.js', import.meta.url, { data: { cacheDir: msg.cacheDir } });
      }
      mod = await import(pathToFileURL(file).href);
    }
  } catch (err) {
    const code = (err as { code?: string } | undefined)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new NamedError('ImportModuleError', `${(err as Error).name}: ${(err as Error).message}`);
    }
    throw err;
  }

  const walk = (root: unknown): { owner: unknown; fn: unknown } => {
    let owner: unknown;
    let value: unknown = root;
    for (const key of parsed.exportPath) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return { owner, fn: undefined };
      owner = value;
      value = (value as Record<string, unknown>)[key];
    }
    return { owner, fn: value };
  };
  // A CommonJS module's exports may only be visible on `default` of the namespace.
  let found = walk(mod);
  if (typeof found.fn !== 'function') found = walk((mod as { default?: unknown }).default);
  if (typeof found.fn !== 'function') {
    throw new NamedError('HandlerNotFound', `${parsed.modulePath}.${parsed.exportPath.join('.')} is undefined or not exported`);
  }
  handler = found.fn as Handler;
  handlerOwner = found.owner;
}

async function runInit(msg: InitMessage): Promise<void> {
  init = msg;
  try {
    await loadHandler(msg);
    send({ type: 'ready' });
  } catch (err) {
    const d = describe(err);
    logError('Uncaught Exception', d);
    send({ type: 'initError', ...d });
  }
}

// ---------------------------------------------------------------------------------------------
// Invoke

/** Set while an answer waits for the event loop to drain (callbackWaitsForEmptyEventLoop). */
let waitingForEmptyLoop: (() => void) | undefined;

process.on('beforeExit', () => {
  const flush = waitingForEmptyLoop;
  if (flush === undefined) return;
  stopWaiting();
  flush();
});

function waitForEmptyLoop(flush: () => void): void {
  waitingForEmptyLoop = flush;
  // The IPC channel alone would keep the loop alive forever; while unref'd, 'beforeExit' tells us it drained.
  process.channel?.unref();
}

function stopWaiting(): void {
  waitingForEmptyLoop = undefined;
  process.channel?.ref();
}

function runInvoke(msg: InvokeMessage): void {
  const cfg = init;
  const fn = handler;
  if (cfg === undefined || fn === undefined) return;
  currentRequestId = msg.requestId;
  let settled = false;
  let callbackOutcome: { err: unknown; result: unknown } | undefined;

  const respond = (outcome: ResultMessage['outcome']) => {
    send({ type: 'result', requestId: msg.requestId, outcome, maxRssKiB: process.resourceUsage().maxRSS });
  };
  const complete = (err: unknown, result: unknown) => {
    if (settled || dying) return;
    settled = true;
    if (waitingForEmptyLoop !== undefined) stopWaiting();
    if (err !== undefined && err !== null) {
      const d = describe(err);
      logError('Invoke Error', d);
      respond({ ok: false, errorType: 'HandlerError', ...d });
      return;
    }
    let json: string | undefined;
    try {
      json = JSON.stringify(result === undefined ? null : result);
    } catch (e) {
      const d = describe(e);
      respond({ ok: false, errorType: 'InvalidResponse', errorName: d.errorName, errorMessage: `Unable to stringify response body: ${d.errorMessage}` });
      return;
    }
    json ??= 'null';
    const bytes = Buffer.byteLength(json);
    if (bytes > cfg.maxResponseBytes) {
      respond({
        ok: false,
        errorType: 'ResponseTooLarge',
        errorName: 'ResponseSizeTooLarge',
        errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${cfg.maxResponseBytes} bytes).`,
      });
      return;
    }
    respond({ ok: true, resultJson: json });
  };
  // When the loop drains: the callback's answer, or null for a handler that never called back (Lambda's rule).
  const flushWhenEmpty = () => complete(callbackOutcome?.err ?? null, callbackOutcome?.result ?? null);

  const context = {
    awsRequestId: msg.requestId,
    functionName: cfg.functionName,
    functionVersion: cfg.functionVersion,
    invokedFunctionArn: cfg.invokedFunctionArn,
    memoryLimitInMB: String(cfg.memoryLimitInMB),
    logGroupName: cfg.logGroupName,
    logStreamName: cfg.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadlineMs - Date.now()),
    // Legacy completion methods some older handlers still call.
    done: (err?: unknown, result?: unknown) => callback(err, result),
    succeed: (result?: unknown) => callback(null, result),
    fail: (err?: unknown) => callback(err ?? new Error('handled')),
  };

  function callback(err?: unknown, result?: unknown): void {
    if (settled || callbackOutcome !== undefined) return;
    if (!context.callbackWaitsForEmptyEventLoop) {
      complete(err, result);
      return;
    }
    callbackOutcome = { err, result };
    waitForEmptyLoop(flushWhenEmpty);
  }

  let returned: unknown;
  try {
    returned = fn.call(handlerOwner, JSON.parse(msg.eventJson), context, callback);
  } catch (err) {
    complete(err, undefined);
    return;
  }
  if (returned !== null && typeof returned === 'object' && typeof (returned as { then?: unknown }).then === 'function') {
    (returned as PromiseLike<unknown>).then(
      (value) => complete(null, value),
      (err: unknown) => complete(err ?? new Error('Promise rejected without a reason'), undefined),
    );
    return;
  }
  if (!settled) waitForEmptyLoop(flushWhenEmpty);
}

// The engine is gone (even killed with SIGKILL): an environment without its engine has no purpose.
process.on('disconnect', () => realExit(0));

process.on('message', (raw: unknown) => {
  const msg = raw as ToWorker;
  if (msg.type === 'init') void runInit(msg);
  else if (msg.type === 'invoke') runInvoke(msg);
});

patchOutput();
