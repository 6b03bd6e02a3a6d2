/**
 * The lines Lambda's Node.js runtime and its platform write around each invocation. Each
 * line is one CloudWatch Logs event and ends with a newline, as in Lambda's log streams.
 */

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}\n`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}\n`;
}

export interface ReportFigures {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMB: number;
  readonly maxMemoryUsedMB: number;
  readonly initDurationMs?: number;
  /** Set for invocations that did not end normally (`timeout`, `error`). */
  readonly status?: string;
  readonly errorType?: string;
}

export function reportLine(requestId: string, f: ReportFigures): string {
  let line =
    `REPORT RequestId: ${requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\t` +
    `Billed Duration: ${f.billedDurationMs} ms\tMemory Size: ${f.memorySizeMB} MB\t` +
    `Max Memory Used: ${f.maxMemoryUsedMB} MB\t`;
  if (f.initDurationMs !== undefined) line += `Init Duration: ${f.initDurationMs.toFixed(2)} ms\t`;
  if (f.status !== undefined) line += `Status: ${f.status}\t`;
  if (f.errorType !== undefined) line += `Error Type: ${f.errorType}\t`;
  return `${line}\n`;
}

/** The line Lambda writes when it stops a function at its timeout. */
export function timeoutLine(timestampMs: number, requestId: string, timeoutSeconds: number): string {
  return `${new Date(timestampMs).toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds\n`;
}

/** A console.* line as the Node.js runtime formats it (text log format). */
export function consoleLine(timestampMs: number, requestId: string, level: string, text: string): string {
  return `${new Date(timestampMs).toISOString()}\t${requestId}\t${level}\t${text}\n`;
}

/** Lambda bills each millisecond begun. */
export function billedDuration(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs));
}

/** `YYYY/MM/DD/[$LATEST]<32 hex>`, the name of one execution environment's log stream. */
export function logStreamName(nowMs: number, version: string, instanceHex: string): string {
  const d = new Date(nowMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/[${version}]${instanceHex}`;
}
