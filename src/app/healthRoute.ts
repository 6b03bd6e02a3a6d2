import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../aws/wire/EdgeRequest.js';

/** `GET /health`: 200 while the server runs, with the services it serves. */
export function healthRoute(services: readonly string[], startedAtMs: number): EdgeRoute {
  return {
    name: 'health',
    handle(req: EdgeRequest): Promise<EdgeResponse> | undefined {
      if (req.rawPath !== '/health' || (req.method !== 'GET' && req.method !== 'HEAD')) return undefined;
      return Promise.resolve({
        status: 200,
        headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        body: JSON.stringify({ status: 'ok', services, uptimeSeconds: Math.round((Date.now() - startedAtMs) / 1000) }),
      });
    },
  };
}
