/** Lambda's documented limits, used for defaults and validation. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const MAX_TIMEOUT_SECONDS = 900;
export const DEFAULT_MEMORY_MB = 128;
export const MIN_MEMORY_MB = 128;
export const MAX_MEMORY_MB = 10_240;
/** Synchronous invoke: 6 MB each way (the API's message says "smaller than 6291456 bytes"). */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
/** Lambda's limit on the init phase of an on-demand function. */
export const DEFAULT_INIT_TIMEOUT_MS = 10_000;
/** Total size of a function's environment variables. */
export const MAX_ENVIRONMENT_BYTES = 4 * 1024;
