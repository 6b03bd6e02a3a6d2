/**
 * S3's names for the lake's additional checksums: the `x-amz-checksum-*` headers (and
 * aws-chunked trailers) and the `Checksum<ALG>` members.
 */
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm, type ObjectChecksum } from '../../engines/lake/checksums.js';

export { CHECKSUM_ALGORITHMS, checksumOf, createChecksum, isChecksumAlgorithm } from '../../engines/lake/checksums.js';
export type { Checksum, ChecksumAlgorithm, ChecksumType, ObjectChecksum } from '../../engines/lake/checksums.js';

/** `x-amz-checksum-crc32` etc. */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm a `x-amz-checksum-*` header or trailer names, if we compute it. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const lower = name.trim().toLowerCase();
  return CHECKSUM_ALGORITHMS.find((a) => checksumHeader(a) === lower);
}

export const CHECKSUM_MEMBERS: Readonly<Record<ChecksumAlgorithm, 'ChecksumCRC32' | 'ChecksumCRC32C' | 'ChecksumCRC64NVME' | 'ChecksumSHA1' | 'ChecksumSHA256'>> = {
  CRC32: 'ChecksumCRC32',
  CRC32C: 'ChecksumCRC32C',
  CRC64NVME: 'ChecksumCRC64NVME',
  SHA1: 'ChecksumSHA1',
  SHA256: 'ChecksumSHA256',
};

/** A stored checksum as output members: `ChecksumCRC32` … and `ChecksumType`. */
export function storedChecksumMembers(checksum: ObjectChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [CHECKSUM_MEMBERS[checksum.algorithm]]: checksum.value, ChecksumType: checksum.type };
}

/** The checksum members an input carries (`ChecksumCRC32` …), at most one by S3's rules; the first found. */
export function sentChecksum(
  input: { readonly [M in (typeof CHECKSUM_MEMBERS)[ChecksumAlgorithm]]?: string | undefined },
): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = input[CHECKSUM_MEMBERS[algorithm]];
    if (typeof value === 'string') return { algorithm, value: value.trim() };
  }
  return undefined;
}
