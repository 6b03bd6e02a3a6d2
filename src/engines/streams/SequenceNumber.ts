/**
 * Sequence numbers in AWS's shape: a 56-digit decimal number. Inside, as hex:
 * '2' + 9 digits of the shard's creation epoch seconds + 1 digit of the shard index (low
 * nibble) + 16 digits of the record's offset in the shard + '00' + 9 digits of the shard's
 * creation seconds again + 8 digits of the shard index + '2'. The layout follows the one
 * reverse-engineered from real Kinesis (kinesalite); the offset sits above every field that
 * varies, so numbers increase with the offset within a shard, and a sequence number tells
 * which shard and offset it names.
 */
export interface SequencePosition {
  readonly shardCreatedSec: number;
  readonly shardIndex: number;
  readonly offset: number;
}

export function encodeSequenceNumber(p: SequencePosition): string {
  const created = p.shardCreatedSec.toString(16).padStart(9, '0');
  const hex =
    '2' +
    created +
    (p.shardIndex & 0xf).toString(16) +
    p.offset.toString(16).padStart(16, '0') +
    '00' +
    created +
    p.shardIndex.toString(16).padStart(8, '0') +
    '2';
  return BigInt('0x' + hex).toString(10);
}

/** Undefined when the text is not a sequence number this service could have issued. */
export function decodeSequenceNumber(text: string): SequencePosition | undefined {
  if (!/^[1-9]\d{0,128}$/.test(text)) return undefined;
  const hex = BigInt(text).toString(16);
  if (hex.length !== 47 || hex[0] !== '2' || hex[46] !== '2') return undefined;
  const shardCreatedSec = parseInt(hex.slice(1, 10), 16);
  const offset = Number.parseInt(hex.slice(11, 27), 16);
  const shardIndex = parseInt(hex.slice(38, 46), 16);
  if (!Number.isSafeInteger(offset) || (shardIndex & 0xf) !== parseInt(hex[10]!, 16)) return undefined;
  return { shardCreatedSec, shardIndex, offset };
}

/** A fast encoder for one shard: the constant parts are computed once. */
export class ShardSequencer {
  private readonly base: bigint;
  private static readonly OFFSET_SHIFT = 4n * (2n + 9n + 8n + 1n);

  constructor(readonly shardCreatedSec: number, readonly shardIndex: number) {
    const created = shardCreatedSec.toString(16).padStart(9, '0');
    this.base = BigInt('0x2' + created + (shardIndex & 0xf).toString(16) + '0'.repeat(16) + '00' + created + shardIndex.toString(16).padStart(8, '0') + '2');
  }

  sequenceOf(offset: number): string {
    return (this.base + (BigInt(offset) << ShardSequencer.OFFSET_SHIFT)).toString(10);
  }
}
