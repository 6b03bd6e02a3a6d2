import { isBrowserPageRequest } from '../aws/s3/index.js';
import { header, type EdgeRequest, type EdgeResponse, type EdgeRoute } from '../aws/wire/EdgeRequest.js';
import { json } from './api/ApiRequest.js';
import { API_PREFIX, type ConsoleApi } from './ConsoleApi.js';
import type { StaticAssets } from './StaticAssets.js';

/** No S3 bucket name may start with `_`, and no AWS API uses this path. */
export const CONSOLE_PREFIX = '/_console/';

/**
 * The web console on the edge port: `GET /` from a browser (HTML accepted, no AWS
 * signature: S3 leaves those alone) is the console's page; `/_console/` holds its assets and
 * its JSON API. Put it before S3, the catch-all for paths.
 */
export function consoleRoute(api: ConsoleApi, assets: StaticAssets): EdgeRoute {
  return {
    name: 'console',
    handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
      if (req.rawPath === '/') return isBrowserPageRequest(req) ? assets.index() : undefined;
      if (req.rawPath === '/_console' && (req.method === 'GET' || req.method === 'HEAD') && !carriesAwsAuth(req)) {
        return Promise.resolve({ status: 308, headers: { location: CONSOLE_PREFIX } });
      }
      if (!req.rawPath.startsWith(CONSOLE_PREFIX) || carriesAwsAuth(req)) return undefined;
      if (req.rawPath.startsWith(API_PREFIX)) {
        const refusal = crossSiteRefusal(req);
        return refusal ? Promise.resolve(json({ error: refusal }, 403)) : api.handle(req);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return Promise.resolve(json({ error: 'The console serves its files to GET only' }, 405));
      const relative = req.rawPath.slice(CONSOLE_PREFIX.length);
      if (relative === '' || relative === 'index.html') return assets.index();
      return assets.file(safeDecode(relative)).then((r) => r ?? { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' });
    },
  };
}

/** An SDK or CLI call (signed, or presigned) is never the console's, whatever its path. */
function carriesAwsAuth(req: EdgeRequest): boolean {
  if (req.headers.authorization !== undefined) return true;
  if (Object.keys(req.headers).some((name) => name.startsWith('x-amz-'))) return true;
  return /(^|&)(X-Amz-Signature|X-Amz-Credential|AWSAccessKeyId)=/.test(req.rawQuery);
}

/**
 * The edge answers CORS for everyone (AWS APIs do), so the console refuses calls that
 * another site's page makes with the user's browser: only its own pages may use its API.
 */
export function crossSiteRefusal(req: EdgeRequest): string | undefined {
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'The console API answers only the console’s own pages';
  const origin = header(req, 'origin');
  if (origin === undefined) return undefined;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  return originHost !== undefined && originHost === header(req, 'host') ? undefined : 'The console API answers only the console’s own pages';
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
}
