import { header, type EdgeRequest, type EdgeResponse } from '../aws/wire/EdgeRequest.js';
import type { Logger } from '../aws/wire/Logger.js';
import { alarmDetail, alarmList } from './api/alarms.js';
import { ConsoleHttpError, intParam, json, jsonBody, optionalString, withHeaders, type ApiHandler, type ApiRequest } from './api/ApiRequest.js';
import { bucketList, objectDownload, objectListing } from './api/buckets.js';
import { cloudwatchDashboard, dashboardNames } from './api/cloudwatchDashboards.js';
import { dashboardData } from './api/dashboard.js';
import { errorStatus } from './api/errorStatus.js';
import { queryStatus, recentQueries, resultDownload, startQuery, stopQuery } from './api/queries.js';
import { catalogList, catalogTable, deliveryStreamList, streamList, topicList } from './api/resources.js';
import type { ConsoleEngines } from './ConsoleEngines.js';
import type { ConsoleSessions } from './ConsoleSessions.js';
import { SESSION_COOKIE } from './ConsoleSessions.js';
import type { SessionInfo } from './ConsoleApiTypes.js';

export const API_PREFIX = '/_console/api/';

export interface ConsoleApiOptions {
  /** Looked up per request, so the console sees engines however the wiring orders them. */
  readonly engines: () => ConsoleEngines;
  readonly sessions: ConsoleSessions;
  readonly logger: Logger;
  readonly region: string;
  readonly accountId: string;
  readonly version: string;
  readonly clock?: () => number;
}

interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly segments: readonly string[];
  readonly handler: ApiHandler;
  /** Answered without a session (signing in, and telling whether one is needed). */
  readonly open?: boolean;
}

/**
 * The JSON API the console's pages call, under `/_console/api/`: one table of routes, each
 * a thin call into an engine (src/console/api/*). Errors become `{ "error": "…" }` with a
 * status from the engine's typed error; anything unexpected is a logged 500.
 */
export class ConsoleApi {
  private readonly routes: Route[];
  private readonly clock: () => number;

  constructor(private readonly options: ConsoleApiOptions) {
    this.clock = options.clock ?? Date.now;
    const e = options.engines;
    const now = () => this.clock();
    const route = (method: Route['method'], path: string, handler: ApiHandler, open = false): Route => ({ method, segments: path.split('/'), handler, open });
    this.routes = [
      route('GET', 'session', async (req) => json(this.sessionInfo(req.edge)), true),
      route('POST', 'session', (req) => this.signIn(req), true),
      route('DELETE', 'session', async () => withHeaders(json({ signedIn: false }), { 'set-cookie': this.cookie('', 0) }), true),
      route('GET', 'dashboard', async (req) => json(await dashboardData(e(), { minutes: intParam(req.query, 'minutes', 60, 5, 1440), nowMs: now() }))),
      route('GET', 'cloudwatch-dashboards', async () => json(await dashboardNames(e()))),
      route('GET', 'cloudwatch-dashboards/:name', async (req) => json(await cloudwatchDashboard(e(), req.params['name']!, intParam(req.query, 'minutes', 180, 5, 1440 * 15), now()))),
      route('GET', 'alarms', async () => json(await alarmList(e()))),
      route('GET', 'alarms/:name', async (req) => json(await alarmDetail(e(), req.params['name']!, now()))),
      route('GET', 'topics', async () => json(topicList(e()))),
      route('GET', 'streams', async () => json(streamList(e()))),
      route('GET', 'delivery-streams', async () => json(deliveryStreamList(e()))),
      route('GET', 'buckets', async () => json(await bucketList(e()))),
      route('GET', 'buckets/:bucket/objects', async (req) =>
        json(await objectListing(e(), req.params['bucket']!, req.query.get('prefix') ?? '', req.query.get('token') ?? undefined)),
      ),
      route('GET', 'buckets/:bucket/download', (req) => objectDownload(e(), req.params['bucket']!, req.query.get('key'))),
      route('GET', 'catalog', async () => json(catalogList(e()))),
      route('GET', 'catalog/:database/:table', async (req) => json(catalogTable(e(), req.params['database']!, req.params['table']!))),
      route('GET', 'queries', async () => json(await recentQueries(e()))),
      route('POST', 'queries', async (req) => {
        const body = await jsonBody(req);
        return json(await startQuery(e(), optionalString(body, 'sql'), optionalString(body, 'database')), 201);
      }),
      route('GET', 'queries/:id', async (req) => json(await queryStatus(e(), req.params['id']!))),
      route('POST', 'queries/:id/stop', async (req) => json(await stopQuery(e(), req.params['id']!))),
      route('GET', 'queries/:id/csv', (req) => resultDownload(e(), req.params['id']!)),
    ];
  }

  /** Answers a request whose path starts with API_PREFIX. */
  async handle(edge: EdgeRequest): Promise<EdgeResponse> {
    try {
      const path = edge.rawPath.slice(API_PREFIX.length).split('/').map(decodeSegment);
      const method = edge.method === 'HEAD' ? 'GET' : edge.method;
      const candidates = this.routes.map((r) => ({ r, params: matchSegments(r.segments, path) })).filter((c) => c.params !== undefined);
      if (candidates.length === 0) throw new ConsoleHttpError(404, `The console API has no ${path.join('/')}`);
      const found = candidates.find((c) => c.r.method === method);
      if (!found) {
        const allowed = candidates.map((c) => c.r.method);
        return withHeaders(json({ error: `Use ${allowed.join(' or ')}` }, 405), { allow: allowed.join(', ') });
      }
      if (!found.r.open && this.options.sessions.required && this.options.sessions.verify(header(edge, 'cookie')) === undefined) {
        throw new ConsoleHttpError(401, 'Sign in with an access key of this Lakehose');
      }
      const req: ApiRequest = { edge, params: found.params!, query: new URLSearchParams(edge.rawQuery) };
      return await found.r.handler(req);
    } catch (err) {
      const status = errorStatus(err);
      if (status !== undefined) return json({ error: err instanceof Error ? err.message : String(err) }, status);
      this.options.logger.error('console API request failed', { requestId: edge.requestId, path: edge.rawPath, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      return json({ error: `Internal error (request ${edge.requestId})` }, 500);
    }
  }

  private sessionInfo(edge: EdgeRequest): SessionInfo {
    const { sessions } = this.options;
    const keyId = sessions.required ? sessions.verify(header(edge, 'cookie')) : undefined;
    return {
      authRequired: sessions.required,
      signedIn: !sessions.required || keyId !== undefined,
      ...(keyId !== undefined ? { accessKeyId: keyId } : {}),
      region: this.options.region,
      accountId: this.options.accountId,
      version: this.options.version,
    };
  }

  private async signIn(req: ApiRequest): Promise<EdgeResponse> {
    const body = await jsonBody(req, 16 * 1024);
    const keyId = optionalString(body, 'accessKeyId') ?? '';
    const token = this.options.sessions.signIn(keyId, optionalString(body, 'secretAccessKey') ?? '');
    if (token === undefined) throw new ConsoleHttpError(401, 'Unknown access key id or wrong secret access key');
    const info: SessionInfo = { ...this.sessionInfo(req.edge), signedIn: true, accessKeyId: keyId };
    return withHeaders(json(info), { 'set-cookie': this.cookie(token, this.options.sessions.maxAgeSeconds) });
  }

  private cookie(value: string, maxAgeSeconds: number): string {
    // HttpOnly: page scripts never see it; Strict: no other site's page can send it.
    return `${SESSION_COOKIE}=${value}; Path=/_console/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ConsoleHttpError(400, 'The path is not valid percent-encoding');
  }
}

function matchSegments(pattern: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const v = path[i]!;
    if (p.startsWith(':')) {
      if (v === '') return undefined;
      params[p.slice(1)] = v;
    } else if (p !== v) return undefined;
  }
  return params;
}
