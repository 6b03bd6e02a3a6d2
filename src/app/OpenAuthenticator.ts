import type { Authenticator, Caller } from '../aws/wire/Authenticator.js';
import type { EdgeRequest } from '../aws/wire/EdgeRequest.js';

/** Local development: with no credentials configured, every well-formed request is accepted. */
export class OpenAuthenticator implements Authenticator {
  authenticate(req: EdgeRequest): Caller {
    const m = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''));
    return { accessKeyId: m?.[1] };
  }
}
