import { createHash } from 'node:crypto';
import type { Authenticator, Caller } from '../aws/wire/Authenticator.js';
import { AwsError } from '../aws/wire/AwsError.js';
import type { EdgeRequest } from '../aws/wire/EdgeRequest.js';
import { verifySigV4 } from '../aws/wire/sigv4/index.js';

/** With credentials in the config, a request must carry a valid SigV4 signature for one of them. */
export class SigV4Authenticator implements Authenticator {
  private readonly secrets: ReadonlyMap<string, string>;

  constructor(credentials: ReadonlyArray<{ accessKeyId: string; secretAccessKey: string }>) {
    this.secrets = new Map(credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  }

  authenticate(req: EdgeRequest, payload: Buffer | undefined, flavor: 'json' | 'query' | 's3'): Caller | AwsError {
    const contentSha = req.headers['x-amz-content-sha256'];
    const payloadHash =
      payload !== undefined ? createHash('sha256').update(payload).digest('hex') : typeof contentSha === 'string' ? contentSha : undefined;
    const result = verifySigV4(
      { method: req.method, rawPath: req.rawPath, rawQuery: req.rawQuery, headers: req.headers, ...(payloadHash ? { payloadHash } : {}) },
      { lookupSecret: (id) => this.secrets.get(id), now: new Date(), flavor },
    );
    if (result.ok) return { accessKeyId: result.accessKeyId, signing: result };
    return new AwsError(result.error.code, result.error.message, result.error.httpStatus, result.error.fields ?? {});
  }
}
