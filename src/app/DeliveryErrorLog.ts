import type { DeliveryErrorEvent } from '../engines/delivery/ports.js';
import type { DeliveryStreamState } from '../engines/delivery/model/DeliveryStreamDefinition.js';

interface LogSink {
  write(group: string, stream: string, lines: ReadonlyArray<{ timestampMs: number; message: string }>): void;
}

export interface DeliveryErrorLogOptions {
  readonly region: string;
  readonly accountId: string;
  /** The logs engine, when monitoring is wired. */
  readonly logs: () => LogSink | undefined;
  /** A delivery stream's state (for its logging options, version and bucket). */
  readonly destinationOf: (name: string) => DeliveryStreamState | undefined;
  readonly clock?: () => number;
  /** Events per second per delivery stream and error code; the rest are counted into the next one. */
  readonly perSecond?: number;
}

/**
 * Firehose's error logging: when a delivery stream's CloudWatchLoggingOptions are enabled,
 * each delivery error becomes one JSON event in its log group and stream, shaped as
 * Firehose writes them (deliveryStreamARN, destination, deliveryStreamVersionId, message,
 * errorCode, and processor for Lambda failures). Errors can come per record, so a burst is
 * sampled: a few events per second per error code, with the number left out reported in
 * the next event.
 */
export class DeliveryErrorLog {
  private readonly windows = new Map<string, { second: number; sent: number; suppressed: number }>();

  constructor(private readonly options: DeliveryErrorLogOptions) {}

  record(name: string, event: DeliveryErrorEvent): void {
    const state = this.options.destinationOf(name);
    const logging = state?.destination.cloudWatchLogging;
    const logs = this.options.logs();
    if (!state || !logging?.enabled || !logging.logGroupName || !logs) return;
    const now = (this.options.clock ?? Date.now)();
    const key = `${name}\u0000${event.errorCode}`;
    const second = Math.floor(now / 1000);
    let w = this.windows.get(key);
    if (!w || w.second !== second) {
      const suppressed = w?.suppressed ?? 0;
      this.windows.set(key, (w = { second, sent: 0, suppressed }));
    }
    if (w.sent >= (this.options.perSecond ?? 5)) {
      w.suppressed += event.records;
      return;
    }
    w.sent++;
    const more = w.suppressed;
    w.suppressed = 0;
    const doc: Record<string, unknown> = {
      deliveryStreamARN: `arn:aws:firehose:${this.options.region}:${this.options.accountId}:deliverystream/${name}`,
      destination: `arn:aws:s3:::${state.destination.bucket}`,
      deliveryStreamVersionId: state.version,
      message: event.errorMessage + (event.records > 1 ? ` (${event.records} records)` : '') + (more > 0 ? ` (${more} more records with this error not logged)` : ''),
      errorCode: event.errorCode,
    };
    if (event.lambdaArn) doc.processor = event.lambdaArn;
    logs.write(logging.logGroupName, logging.logStreamName ?? 'DestinationDelivery', [{ timestampMs: now, message: JSON.stringify(doc) }]);
  }
}
