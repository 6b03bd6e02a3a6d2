import type { EdgeRequest, EdgeResponse, EdgeRoute } from '../aws/wire/EdgeRequest.js';

/** While Lakehose wires its engines, API calls get a retryable 503 (SDKs retry it). */
export const startingRoute: EdgeRoute = {
  name: 'starting',
  handle(req: EdgeRequest): Promise<EdgeResponse> {
    return Promise.resolve({
      status: 503,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ServiceUnavailableException', 'retry-after': '1' },
      body: JSON.stringify({ __type: 'ServiceUnavailableException', message: `Lakehose is starting; retry ${req.method} ${req.rawPath} in a moment.` }),
    });
  },
};
