import { createHmac } from 'node:crypto';

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

/**
 * Derived signing keys by (secret, date, region, service). A key changes once a day per client,
 * so nearly every request hits the cache and pays one HMAC instead of five.
 * Oldest entries go first once `maxEntries` is reached.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly maxEntries = 1024) {}

  get(secret: string, date: string, region: string, service: string): Buffer {
    // NUL cannot appear in any of the parts, so the joined key is unambiguous.
    const id = secret + '\0' + date + '\0' + region + '\0' + service;
    let key = this.keys.get(id);
    if (key === undefined) {
      key = deriveSigningKey(secret, date, region, service);
      if (this.keys.size >= this.maxEntries) {
        const oldest = this.keys.keys().next();
        if (!oldest.done) this.keys.delete(oldest.value);
      }
      this.keys.set(id, key);
    }
    return key;
  }

  get size(): number {
    return this.keys.size;
  }
}
