import http from 'node:http';

/** A POST to `/` on a keep-alive agent; resolves with the status and body whatever the status. */
export function postRaw(agent: http.Agent, url: string, headers: http.OutgoingHttpHeaders, body: string | Buffer): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One awsJson 1.1 call (`X-Amz-Target`), with any extra headers (a signing scope for peers that route by it). */
export function postJson(agent: http.Agent, url: string, target: string, body: string | Buffer, extra: http.OutgoingHttpHeaders = {}): Promise<{ status: number; text: string }> {
  return postRaw(agent, url, { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...extra }, body);
}
