import { isAbsolute } from 'node:path';
import { FunctionsError } from './FunctionsError.js';
import { parseHandler } from './handlerName.js';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  MAX_ENVIRONMENT_BYTES,
  MAX_MEMORY_MB,
  MAX_TIMEOUT_SECONDS,
  MIN_MEMORY_MB,
} from './limits.js';
import type { FunctionConfiguration, FunctionDefinition } from './types.js';

/**
 * Keys the runtime sets itself; Lambda refuses them in a function's configuration. Credentials
 * are deliberately not here: Lakehose lets a function carry its own (the engine gives dummies).
 */
const RESERVED_ENV_KEYS = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const ENV_KEY_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]+$/;

export interface NormalizeContext {
  readonly region: string;
  readonly accountId: string;
  readonly defaultConcurrency: number;
  readonly nowMs: number;
}

function invalid(field: string, message: string): FunctionsError {
  return new FunctionsError('InvalidDefinition', message, field);
}

/** Checks a definition against Lambda's rules and fills in the defaults. Throws `InvalidDefinition`. */
export function normalizeDefinition(def: FunctionDefinition, ctx: NormalizeContext): FunctionConfiguration {
  if (!NAME_PATTERN.test(def.name)) {
    throw invalid('name', `function name '${def.name}' must be 1-64 letters, digits, '-' or '_'`);
  }
  if (typeof def.handler !== 'string' || def.handler.length > 128 || parseHandler(def.handler) === undefined) {
    throw invalid('handler', `handler '${String(def.handler)}' must look like 'path/file.export' (at most 128 characters)`);
  }
  if (typeof def.codeDir !== 'string' || !isAbsolute(def.codeDir)) {
    throw invalid('codeDir', `code directory '${String(def.codeDir)}' must be an absolute path`);
  }
  const timeoutSeconds = def.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw invalid('timeoutSeconds', `timeoutSeconds must be more than 0 and at most ${MAX_TIMEOUT_SECONDS}, got ${timeoutSeconds}`);
  }
  const memoryMB = def.memoryMB ?? DEFAULT_MEMORY_MB;
  if (!Number.isInteger(memoryMB) || memoryMB < MIN_MEMORY_MB || memoryMB > MAX_MEMORY_MB) {
    throw invalid('memoryMB', `memoryMB must be a whole number from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}, got ${memoryMB}`);
  }
  const concurrency = def.concurrency ?? ctx.defaultConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw invalid('concurrency', `concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
  const environment = { ...(def.environment ?? {}) };
  let envBytes = 0;
  for (const [key, value] of Object.entries(environment)) {
    if (!ENV_KEY_PATTERN.test(key)) {
      throw invalid(`environment.${key}`, `environment variable name '${key}' must start with a letter and hold only letters, digits and '_'`);
    }
    if (RESERVED_ENV_KEYS.has(key)) {
      throw invalid(`environment.${key}`, `environment variable '${key}' is reserved: the runtime sets it`);
    }
    if (typeof value !== 'string') {
      throw invalid(`environment.${key}`, `environment variable '${key}' must be a string`);
    }
    envBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (envBytes > MAX_ENVIRONMENT_BYTES) {
    throw invalid('environment', `environment variables take ${envBytes} bytes; at most ${MAX_ENVIRONMENT_BYTES} are allowed`);
  }
  return {
    name: def.name,
    handler: def.handler,
    codeDir: def.codeDir,
    environment,
    timeoutSeconds,
    memoryMB,
    concurrency,
    description: def.description ?? '',
    arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${def.name}`,
    version: '$LATEST',
    logGroupName: `/aws/lambda/${def.name}`,
    lastModifiedMs: ctx.nowMs,
  };
}
