import { createHmac } from 'node:crypto';
import { deriveSigningKey, sha256Hex } from '../aws/wire/sigv4/index.js';
import { parseCommand } from './args.js';

const USAGE = `Usage: lakehose logs GROUP [--follow] [--since 10m|2h|1d|ISO-TIME] [--filter PATTERN] [--stream-prefix PREFIX]
                     [--endpoint URL] [--region REGION] [--json]

Prints a CloudWatch Logs group of a running Lakehose (FilterLogEvents), oldest first.

  --follow, -f        keep printing new events until interrupted
  --since             how far back to start (default 10m)
  --filter            a CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = "error" }'
  --stream-prefix     only streams whose name starts with this
  --endpoint          the server (default: $LAKEHOSE_ENDPOINT, $AWS_ENDPOINT_URL or http://127.0.0.1:4566)
  --region            signing region (default: $AWS_REGION or us-east-1)
  --json              one JSON object per event instead of text

Requests are signed with $AWS_ACCESS_KEY_ID / $AWS_SECRET_ACCESS_KEY when they are set.
`;

interface FilteredEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  readonly eventId: string;
}

export interface LogsIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Ends --follow (the CLI wires SIGINT to it). */
  readonly signal?: AbortSignal;
  readonly env?: NodeJS.ProcessEnv;
  readonly pollMs?: number;
}

export async function runLogs(args: string[], io: LogsIo = defaultIo()): Promise<number> {
  const parsed = parseCommand(
    'logs',
    args,
    {
      follow: { type: 'boolean', short: 'f' },
      since: { type: 'string' },
      filter: { type: 'string' },
      'stream-prefix': { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
    io,
  );
  if ('exit' in parsed) return parsed.exit;
  const v = parsed.values;
  const group = parsed.positionals[0];
  if (!group) {
    io.err(`lakehose logs: name the log group\n\n${USAGE}`);
    return 2;
  }
  const env = io.env ?? process.env;
  const since = parseSince(v.since ?? '10m', Date.now());
  if (since === undefined) {
    io.err(`lakehose logs: --since takes a duration (30s, 10m, 2h, 1d) or a time (2026-01-31T12:00:00Z), not '${v.since}'\n`);
    return 2;
  }
  const client = new LogsClient(
    v.endpoint ?? env.LAKEHOSE_ENDPOINT ?? env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566',
    v.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { id: env.AWS_ACCESS_KEY_ID, secret: env.AWS_SECRET_ACCESS_KEY, token: env.AWS_SESSION_TOKEN } : undefined,
  );
  const print = (e: FilteredEvent) =>
    io.out(v.json ? `${JSON.stringify({ timestamp: new Date(e.timestamp).toISOString(), stream: e.logStreamName, message: e.message })}\n` : `${new Date(e.timestamp).toISOString()} ${e.logStreamName} ${e.message.replace(/\n$/, '')}\n`);

  // Events at the newest timestamp printed so far: the next poll starts at that timestamp.
  let startTime = since;
  let seenAtStart = new Set<string>();
  try {
    for (;;) {
      let token: string | undefined;
      let newest = startTime;
      const seen = new Set<string>();
      do {
        const page = await client.filter({
          logGroupName: group,
          startTime,
          ...(v.filter !== undefined ? { filterPattern: v.filter } : {}),
          ...(v['stream-prefix'] !== undefined ? { logStreamNamePrefix: v['stream-prefix'] } : {}),
          ...(token !== undefined ? { nextToken: token } : {}),
        });
        for (const e of page.events ?? []) {
          if (e.timestamp === startTime && seenAtStart.has(e.eventId)) continue;
          print(e);
          if (e.timestamp > newest) {
            newest = e.timestamp;
            seen.clear();
          }
          if (e.timestamp === newest) seen.add(e.eventId);
        }
        token = page.nextToken;
      } while (token !== undefined && !io.signal?.aborted);
      if (!v.follow || io.signal?.aborted) return 0;
      if (newest > startTime) {
        startTime = newest;
        seenAtStart = seen;
      } else {
        for (const id of seen) seenAtStart.add(id);
      }
      await sleep(io.pollMs ?? 1000, io.signal);
      if (io.signal?.aborted) return 0;
    }
  } catch (e) {
    io.err(`lakehose logs: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** `10m`, `2h`, `1d`, `30s` before now, or an ISO time. */
export function parseSince(text: string, nowMs: number): number | undefined {
  const m = /^(\d+)\s*([smhdw])$/.exec(text.trim());
  if (m) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return nowMs - Number(m[1]) * unit;
  }
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

/** FilterLogEvents over awsJson 1.1, signed with SigV4 when credentials are at hand. */
class LogsClient {
  constructor(
    private readonly endpoint: string,
    private readonly region: string,
    private readonly credentials: { id: string; secret: string; token?: string | undefined } | undefined,
  ) {}

  async filter(input: Record<string, unknown>): Promise<{ events?: FilteredEvent[]; nextToken?: string }> {
    const url = new URL(this.endpoint);
    const body = JSON.stringify(input);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'Logs_20140328.FilterLogEvents',
    };
    if (this.credentials) Object.assign(headers, this.sign(url.host, body));
    let response: Response;
    try {
      response = await fetch(new URL('/', url), { method: 'POST', headers, body });
    } catch (e) {
      throw new Error(`cannot reach ${this.endpoint} (is 'lakehose up' running?): ${(e as Error).cause ?? (e as Error).message}`);
    }
    const text = await response.text();
    const doc = (text ? JSON.parse(text) : {}) as { __type?: string; message?: string; events?: FilteredEvent[]; nextToken?: string };
    if (!response.ok) throw new Error(`${(doc.__type ?? `HTTP ${response.status}`).split('#').pop()}: ${doc.message ?? text}`);
    return doc;
  }

  private sign(host: string, body: string): Record<string, string> {
    const c = this.credentials!;
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      host,
      'x-amz-date': amzDate,
      'x-amz-target': 'Logs_20140328.FilterLogEvents',
      ...(c.token ? { 'x-amz-security-token': c.token } : {}),
    };
    const names = Object.keys(headers).sort();
    const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), sha256Hex(body)].join('\n');
    const scope = `${day}/${this.region}/logs/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
    const signature = createHmac('sha256', deriveSigningKey(c.secret, day, this.region, 'logs')).update(toSign).digest('hex');
    const { host: _host, ...sent } = headers;
    return { ...sent, authorization: `AWS4-HMAC-SHA256 Credential=${c.id}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

function defaultIo(): LogsIo {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), signal: controller.signal };
}
