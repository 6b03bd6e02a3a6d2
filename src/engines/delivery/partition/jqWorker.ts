/**
 * Entry point of a jq worker thread (see JqWorkerPool): one jq-web instance, one request at
 * a time, answered in order.
 */
import { parentPort } from 'node:worker_threads';
import { JqRuntime } from './JqRuntime.js';
import type { JqRunResult } from './JqEngine.js';

/** A request from the pool. */
export interface JqWorkerRequest {
  id: number;
  input: string;
  program: string;
  flags: readonly string[];
}

/** The worker's answer to one request. */
export interface JqWorkerResponse {
  id: number;
  result: JqRunResult;
}

const port = parentPort;
if (port) {
  const runtime = JqRuntime.create();
  port.on('message', (request: JqWorkerRequest) => {
    void runtime
      .then((jq) => jq.run(request.input, request.program, request.flags))
      .catch((err: unknown): JqRunResult => ({ ok: false, failure: 'crash', message: `jq worker failed: ${String(err)}` }))
      .then((result) => port.postMessage({ id: request.id, result } satisfies JqWorkerResponse));
  });
}
