/** A minimal raw-HTTP Kinesis client for tests that must not depend on an SDK's retries. */
export async function kinesisCall<T = Record<string, unknown>>(url: string, operation: string, body: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `Kinesis_20131202.${operation}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
}

export interface ReadRecord {
  SequenceNumber: string;
  PartitionKey: string;
  Data: string;
}

/** Reads a whole shard from TRIM_HORIZON until caught up. */
export async function readShard(url: string, stream: string, shardId: string): Promise<ReadRecord[]> {
  const it = await kinesisCall<{ ShardIterator: string }>(url, 'GetShardIterator', { StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' });
  let iterator: string | undefined = it.body.ShardIterator;
  const out: ReadRecord[] = [];
  while (iterator) {
    const r: { status: number; body: { Records: ReadRecord[]; NextShardIterator?: string; MillisBehindLatest: number } } = await kinesisCall(url, 'GetRecords', { ShardIterator: iterator });
    if (r.status !== 200) throw new Error(`GetRecords failed: ${JSON.stringify(r.body)}`);
    out.push(...r.body.Records);
    if (r.body.Records.length === 0 && r.body.MillisBehindLatest === 0) break;
    iterator = r.body.NextShardIterator;
  }
  return out;
}
