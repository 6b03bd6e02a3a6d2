/**
 * Randomness that is a pure function of a seed. Firehose puts a random UUID in every object
 * name and `!{firehose:random-string}` in prefixes; we derive both from a batch identity the
 * caller passes (e.g. stream name + source position range), so a replay after a crash
 * rewrites the same object key instead of a second copy.
 */

import { createHash } from 'node:crypto';

/** A source of bytes; each call continues where the last one stopped. */
export interface RandomSource {
  nextBytes(count: number): Uint8Array;
}

/** SHA-256 in counter mode over the seed: uniform, reproducible, no shared state. */
export class SeededRandom implements RandomSource {
  private block = new Uint8Array(0);
  private used = 0;
  private counter = 0;

  constructor(private readonly seed: string) {}

  nextBytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      if (this.used === this.block.length) {
        this.block = createHash('sha256').update(this.seed).update('\u0000').update(String(this.counter++)).digest();
        this.used = 0;
      }
      const take = Math.min(count - filled, this.block.length - this.used);
      out.set(this.block.subarray(this.used, this.used + take), filled);
      this.used += take;
      filled += take;
    }
    return out;
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Formats 16 bytes as an RFC 4122 version-4 UUID (version and variant bits forced). */
export function uuidV4FromBytes(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new RangeError('A UUID needs 16 bytes');
  const b = Uint8Array.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i] ?? 0];
  }
  return s;
}

/** The next UUID from a source. */
export function nextUuid(random: RandomSource): string {
  return uuidV4FromBytes(random.nextBytes(16));
}

/** The 11-character `!{firehose:random-string}` value, shaped like AWS's example `046b6c7f-0b`. */
export function nextRandomString(random: RandomSource): string {
  const b = random.nextBytes(5);
  let s = '';
  for (let i = 0; i < 5; i++) {
    if (i === 4) s += '-';
    s += HEX[b[i] ?? 0];
  }
  return s;
}

/**
 * The object-name UUID for a batch identity. Drawn from its own derived seed so that it
 * does not depend on how many random strings the prefix consumed.
 */
export function objectUuidFor(batchIdentity: string): string {
  return nextUuid(new SeededRandom(`${batchIdentity}\u0000object-uuid`));
}

/** The random source a prefix evaluation should use for a batch identity. */
export function prefixRandomFor(batchIdentity: string): RandomSource {
  return new SeededRandom(`${batchIdentity}\u0000prefix`);
}
