import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a shard iterator names: a position in one shard of one incarnation of a stream. */
export interface IteratorPosition {
  readonly streamName: string;
  /** Distinguishes a stream from a deleted one of the same name. */
  readonly streamUid: string;
  readonly shardIndex: number;
  readonly offset: number;
  readonly issuedAtMs: number;
}

const VERSION = 1;
const MAC_BYTES = 16;

/**
 * Iterators are opaque to clients: a small binary record, authenticated with an HMAC so
 * a forged or damaged iterator is recognised, in URL-safe base64.
 */
export class ShardIteratorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(p: IteratorPosition): string {
    const name = Buffer.from(p.streamName, 'utf8');
    const uid = Buffer.from(p.streamUid, 'hex');
    const body = Buffer.alloc(1 + 4 + 8 + 8 + 1 + uid.length + 1 + name.length);
    let o = body.writeUInt8(VERSION, 0);
    o = body.writeUInt32BE(p.shardIndex, o);
    o = body.writeBigUInt64BE(BigInt(p.offset), o);
    o = body.writeBigUInt64BE(BigInt(p.issuedAtMs), o);
    o = body.writeUInt8(uid.length, o);
    o += uid.copy(body, o);
    o = body.writeUInt8(name.length, o);
    name.copy(body, o);
    return Buffer.concat([body, this.mac(body)]).toString('base64url');
  }

  /** Undefined when the text is not an iterator this server issued. */
  decode(text: string): IteratorPosition | undefined {
    if (text.length < 20 || text.length > 512 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
    const all = Buffer.from(text, 'base64url');
    if (all.length <= MAC_BYTES + 23) return undefined;
    const body = all.subarray(0, all.length - MAC_BYTES);
    const mac = all.subarray(all.length - MAC_BYTES);
    if (!timingSafeEqual(mac, this.mac(body))) return undefined;
    try {
      let o = 0;
      if (body.readUInt8(o++) !== VERSION) return undefined;
      const shardIndex = body.readUInt32BE(o);
      o += 4;
      const offset = Number(body.readBigUInt64BE(o));
      o += 8;
      const issuedAtMs = Number(body.readBigUInt64BE(o));
      o += 8;
      const uidLength = body.readUInt8(o++);
      const streamUid = body.subarray(o, o + uidLength).toString('hex');
      o += uidLength;
      const nameLength = body.readUInt8(o++);
      const streamName = body.subarray(o, o + nameLength).toString('utf8');
      if (o + nameLength !== body.length) return undefined;
      return { streamName, streamUid, shardIndex, offset, issuedAtMs };
    } catch {
      return undefined;
    }
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
