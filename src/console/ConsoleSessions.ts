import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ConsoleCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const SESSION_COOKIE = 'lakehose_console';
const DEFAULT_TTL_MS = 12 * 3_600_000;

/**
 * Sign-in for the console when the config lists credentials (then every AWS request must be
 * signed, and the console must not be the open door beside them). A person signs in with an
 * access key id and its secret; the session is a cookie `<keyId>.<expiresMs>.<hmac>` signed
 * with that secret, so it outlives restarts and dies when the key leaves the config.
 */
export class ConsoleSessions {
  private readonly byKeyId: ReadonlyMap<string, string>;

  constructor(
    credentials: readonly ConsoleCredential[],
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {
    this.byKeyId = new Map(credentials.map((c) => [c.accessKeyId, c.secretAccessKey]));
  }

  get required(): boolean {
    return this.byKeyId.size > 0;
  }

  get maxAgeSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }

  /** A session token for a valid key pair, or undefined. */
  signIn(accessKeyId: string, secretAccessKey: string): string | undefined {
    const secret = this.byKeyId.get(accessKeyId);
    if (secret === undefined || !sameText(secret, secretAccessKey)) return undefined;
    const expires = this.clock() + this.ttlMs;
    return `${accessKeyId}.${expires}.${sign(secret, accessKeyId, expires)}`;
  }

  /** The access key id a Cookie header's session belongs to, when it is valid and not expired. */
  verify(cookieHeader: string | undefined): string | undefined {
    const token = cookieValue(cookieHeader, SESSION_COOKIE);
    if (token === undefined) return undefined;
    const lastDot = token.lastIndexOf('.');
    const midDot = token.lastIndexOf('.', lastDot - 1);
    if (midDot <= 0) return undefined;
    const keyId = token.slice(0, midDot);
    const expires = Number(token.slice(midDot + 1, lastDot));
    const secret = this.byKeyId.get(keyId);
    if (secret === undefined || !Number.isSafeInteger(expires) || expires <= this.clock()) return undefined;
    return sameText(sign(secret, keyId, expires), token.slice(lastDot + 1)) ? keyId : undefined;
  }
}

function sign(secret: string, keyId: string, expires: number): string {
  return createHmac('sha256', secret).update(`lakehose-console:${keyId}:${expires}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
