import { parseCommand } from './args.js';

const USAGE = `Usage: lakehose status [--endpoint URL] [--json]

Prints the delivery streams of a running server: state, backlog, buffers, data freshness
and the AWS/Firehose figures since it started (GET /_lakehose/status).

  --endpoint URL   the server (default: $LAKEHOSE_ENDPOINT, $AWS_ENDPOINT_URL or http://127.0.0.1:4566)
  --json           print the server's JSON as it is
`;

interface StreamStatus {
  name: string;
  status: string;
  version: number;
  source: string;
  state?: string;
  backlogRecords?: number;
  inFlightRecords?: number;
  bufferedRecords?: number;
  bufferedBytes?: number;
  activePartitions?: number;
  flushing?: boolean;
  replaying?: boolean;
  dataFreshnessSeconds?: number;
  metrics: Record<string, number>;
}

/** The figures shown per stream, in this order (AWS metric names). */
const FIGURES = [
  'IncomingRecords',
  'IncomingBytes',
  'IncomingPutRequests',
  'ThrottledRecords',
  'DataReadFromKinesisStream.Records',
  'DeliveryToS3.Records',
  'DeliveryToS3.Bytes',
  'DeliveryToS3.ObjectCount',
  'DeliveryToS3.Success',
  'SucceedProcessing.Records',
  'ExecuteProcessing.Success',
  'SucceedConversion.Records',
  'FailedConversion.Records',
  'PartitionCount',
  'PartitionCountExceeded',
  'BackupToS3.Records',
];

export async function runStatus(args: string[]): Promise<number> {
  const parsed = parseCommand('status', args, { endpoint: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  if ('exit' in parsed) return parsed.exit;
  const endpoint = (parsed.values.endpoint ?? process.env.LAKEHOSE_ENDPOINT ?? process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');
  let body: { deliveryStreams: StreamStatus[] };
  try {
    const res = await fetch(`${endpoint}/_lakehose/status`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = (await res.json()) as { deliveryStreams: StreamStatus[] };
  } catch (e) {
    process.stderr.write(`lakehose status: cannot read ${endpoint}/_lakehose/status (${(e as Error).message}). Is the server running? Choose it with --endpoint.\n`);
    return 1;
  }
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(render(body.deliveryStreams));
  return 0;
}

export function render(streams: readonly StreamStatus[]): string {
  if (streams.length === 0) return 'No delivery streams.\n';
  const out: string[] = [];
  for (const s of streams) {
    out.push(`${s.name}  ${s.status} (${s.state ?? 'not running'})  version ${s.version}  source ${s.source}`);
    const live: Array<[string, string]> = [
      ['backlog (records not read yet)', String(s.backlogRecords ?? 0)],
      ['in processing', String(s.inFlightRecords ?? 0)],
      ['buffered', `${s.bufferedRecords ?? 0} records, ${formatBytes(s.bufferedBytes ?? 0)}`],
      ['active partitions', String(s.activePartitions ?? 0)],
      ['data freshness', `${(s.dataFreshnessSeconds ?? 0).toFixed(1)} s`],
      ['flushing', s.replaying ? 'replaying after a restart' : s.flushing ? 'yes' : 'no'],
    ];
    const figures = FIGURES.filter((f) => s.metrics[f] !== undefined).map((f): [string, string] => [f, formatFigure(f, s.metrics[f]!)]);
    const width = Math.max(...[...live, ...figures].map(([k]) => k.length));
    for (const [k, v] of live) out.push(`  ${k.padEnd(width)}  ${v}`);
    if (figures.length > 0) out.push('  since start:');
    for (const [k, v] of figures) out.push(`  ${k.padEnd(width)}  ${v}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function formatFigure(name: string, value: number): string {
  if (name.endsWith('.Bytes') || name === 'IncomingBytes') return formatBytes(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
