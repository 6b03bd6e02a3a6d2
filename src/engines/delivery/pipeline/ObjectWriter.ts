import { createReadStream } from 'node:fs';
import type { DeliveryCounters } from '../DeliveryCounters.js';
import type { DeliveryErrorSink, DeliveryLake, DeliveryLog } from '../ports.js';
import type { Backoff } from './Backoff.js';
import type { BuiltObject } from './ObjectBuilder.js';

/**
 * Puts objects into the lake (each put is atomic and durable: temporary file, fsync,
 * rename), retrying with backoff for as long as it takes — Firehose retries S3 for up to a
 * day; we never drop, and the runner stops reading (then PutRecordBatch refuses) while the
 * lake is failing. A stopping runner abandons the retries; the data is replayed at start.
 */
export class ObjectWriter {
  constructor(
    private readonly lake: DeliveryLake,
    private readonly backoff: Backoff,
    private readonly counters: DeliveryCounters,
    private readonly logger: DeliveryLog,
    private readonly streamName: string,
    private readonly onDeliveryError?: DeliveryErrorSink,
  ) {}

  async write(object: BuiltObject): Promise<void> {
    const success = object.kind === 'backup' ? 'backupSuccess' : 'deliverySuccess';
    for (let attempt = 0; ; attempt++) {
      try {
        const body = object.body instanceof Uint8Array ? object.body : createReadStream(object.body.path);
        const stored = await this.lake.putObject(object.bucket, object.key, body, object.contentEncoding ? { contentEncoding: object.contentEncoding } : {});
        this.counters.add(success, 1);
        if (object.kind === 'backup') {
          this.counters.add('backupRecords', object.records);
          this.counters.add('backupBytes', stored.size);
        } else {
          this.counters.add('deliveryRecords', object.records);
          this.counters.add('deliveryBytes', stored.size);
          this.counters.add('deliveryObjectCount', 1);
        }
        return;
      } catch (e) {
        this.counters.add(success, 0);
        this.onDeliveryError?.(this.streamName, {
          errorCode: 'S3.PutObjectFailed',
          errorMessage: `Writing s3://${object.bucket}/${object.key} failed (attempt ${attempt + 1}; retrying): ${e instanceof Error ? e.message : String(e)}`,
          records: object.records,
        });
        this.logger.warn('delivery: writing an object failed; retrying', {
          deliveryStream: this.streamName,
          bucket: object.bucket,
          key: object.key,
          attempt: attempt + 1,
          error: e instanceof Error ? e.message : String(e),
        });
        await this.backoff.wait(attempt);
      }
    }
  }
}
