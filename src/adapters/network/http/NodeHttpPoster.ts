import https from 'node:https';
import type { HttpPoster } from '../../../engines/topics/ports.js';
import { KeepAliveHttpClient } from './KeepAliveHttpClient.js';

export interface NodeHttpPosterOptions {
  /** A request not answered within this fails (AWS gives an endpoint 15 s). */
  readonly timeoutMs: number;
  /** Connections kept open to one endpoint host. */
  readonly maxSocketsPerHost: number;
  /** Accept self-signed certificates on https endpoints (local development). */
  readonly allowSelfSignedCertificates: boolean;
}

/**
 * POSTs over kept-alive connections: plain http on our own small client (the hot path of
 * loopback subscribers), https through Node's agent (TLS is not worth re-implementing).
 */
export class NodeHttpPoster implements HttpPoster {
  private readonly plain: KeepAliveHttpClient;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: NodeHttpPosterOptions) {
    this.plain = new KeepAliveHttpClient({ maxConnectionsPerOrigin: options.maxSocketsPerHost, timeoutMs: options.timeoutMs });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSocketsPerHost, scheduling: 'lifo', rejectUnauthorized: !options.allowSelfSignedCertificates });
  }

  post(url: URL, headers: Readonly<Record<string, string | number>>, body: string): Promise<number> {
    return url.protocol === 'https:' ? this.postHttps(url, headers, body) : this.plain.post(url, headers, body);
  }

  async close(): Promise<void> {
    this.plain.close();
    this.httpsAgent.destroy();
  }

  private postHttps(url: URL, headers: Readonly<Record<string, string | number>>, body: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const req = https.request(url, { method: 'POST', headers, agent: this.httpsAgent, timeout: this.options.timeoutMs });
      req.on('response', (res) => {
        res.resume(); // the answer's body means nothing to SNS
        resolve(res.statusCode ?? 0);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
