import type { FunctionConfiguration } from './types.js';

/** SDK v3 service ids (upper-cased, spaces as `_`) of the services Lakehose speaks. */
export const ENDPOINT_SERVICE_IDS = [
  'KINESIS',
  'FIREHOSE',
  'S3',
  'GLUE',
  'ATHENA',
  'CLOUDWATCH',
  'CLOUDWATCH_LOGS',
  'SNS',
  'SFN',
  'EVENTBRIDGE',
  'SCHEDULER',
  'API_GATEWAY',
  'LAMBDA',
  'STS',
] as const;

export interface WorkerEnvironmentInput {
  readonly config: FunctionConfiguration;
  readonly region: string;
  readonly logStreamName: string;
  readonly endpointUrl?: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** The server's PATH, so functions can still run programs. */
  readonly path?: string;
}

/**
 * The complete environment of one worker process. It is built from nothing rather than from
 * the server's environment, so a function never sees the server's secrets nor another
 * function's variables. The function's own variables override the engine's defaults
 * (endpoint, credentials) but not the runtime identity, which normalizeDefinition refuses.
 */
export function buildWorkerEnvironment(input: WorkerEnvironmentInput): Record<string, string> {
  const { config } = input;
  const env: Record<string, string> = {
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    LAMBDA_TASK_ROOT: config.codeDir,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    // The server user's ~/.aws files could redirect or disable endpoints; functions get only what is set here.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: input.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: input.credentials.secretAccessKey,
  };
  if (input.path !== undefined) env.PATH = input.path;
  if (input.credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = input.credentials.sessionToken;
  if (input.endpointUrl !== undefined) {
    env.AWS_ENDPOINT_URL = input.endpointUrl;
    for (const id of ENDPOINT_SERVICE_IDS) env[`AWS_ENDPOINT_URL_${id}`] = input.endpointUrl;
  }
  Object.assign(env, config.environment);
  Object.assign(env, {
    _HANDLER: config.handler,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_LAMBDA_FUNCTION_NAME: config.name,
    AWS_LAMBDA_FUNCTION_VERSION: config.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memoryMB),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: config.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
  });
  return env;
}
