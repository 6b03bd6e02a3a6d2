import http from 'node:http';
import { postJson } from './http.js';
import { Latencies } from './stats.js';

/**
 * A PutRecordBatch driver over raw HTTP with keep-alive (no SDK: the client should cost
 * little beside the server it measures). Records refused by the server — the whole request
 * (HTTP 503 past the backlog bound) or single entries (per-record ServiceUnavailableException,
 * InternalFailure) — are sent again after a short backoff until every record is accepted, so
 * a run delivers exactly what it generated.
 */
export interface DeliverOptions {
  readonly url: string;
  readonly streamName: string;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** How many batches to send. */
  readonly batches: number;
  /** Batch `b`'s records, each already base64 (PutRecordBatch's Data); at most 500. */
  readonly batch: (b: number) => string[];
  /** Called after each batch is fully accepted, with the records it held. */
  readonly onAcked?: (records: number) => void;
}

export interface DeliverReport {
  readonly records: number;
  readonly requests: number;
  /** Records sent again after the server refused them. */
  readonly retriedRecords: number;
  readonly seconds: number;
  readonly putLatency: Latencies;
}

export async function deliverAll(options: DeliverOptions): Promise<DeliverReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const putLatency = new Latencies();
  let next = 0;
  let records = 0;
  let requests = 0;
  let retriedRecords = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.batches) {
      let pending = options.batch(next++);
      const size = pending.length;
      let backoffMs = 20;
      while (pending.length > 0) {
        const body = `{"DeliveryStreamName":${JSON.stringify(options.streamName)},"Records":[${pending.map((d) => `{"Data":"${d}"}`).join(',')}]}`;
        const t = performance.now();
        const r = await postJson(agent, options.url, 'Firehose_20150804.PutRecordBatch', body);
        putLatency.add(performance.now() - t);
        requests++;
        if (r.status === 200) {
          const answer = JSON.parse(r.text) as { FailedPutCount: number; RequestResponses: Array<{ ErrorCode?: string }> };
          if (answer.FailedPutCount === 0) break;
          pending = pending.filter((_, i) => answer.RequestResponses[i]?.ErrorCode !== undefined);
        } else if (r.status !== 503 && r.status < 500) {
          throw new Error(`PutRecordBatch: ${r.status} ${r.text.slice(0, 500)}`);
        }
        retriedRecords += pending.length;
        await new Promise((resolve) => setTimeout(resolve, backoffMs));
        backoffMs = Math.min(backoffMs * 2, 1000);
      }
      records += size;
      options.onAcked?.(size);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { records, requests, retriedRecords, seconds: (performance.now() - started) / 1000, putLatency };
}

