/**
 * How object keys map to files under a bucket's folder.
 *
 * A key is split at `/`: every segment but the last names a folder, the last names the file.
 * Normal keys (`logs/dt=2024-01-01/part-0.parquet`) map to the same plain path, so DuckDB and
 * a shell see the objects as they are. A segment that cannot be a plain name is escaped
 * with a two-character marker, which plain names never start with:
 *
 * - folders: `%d` + segment, for segments that are empty (`a//b`, a leading `/`), `.`, `..`
 *   or start with `%`;
 * - files: `%f` + segment, for the same reasons (`photos/` — a "folder object" — is the
 *   file `photos/%f`), and when a folder of the plain name exists: S3 allows the keys `a`
 *   and `a/b` side by side, a file system does not, so the object `a` lives in the file
 *   `%fa` beside the folder `a`.
 *
 * Because every segment maps to a single name that is never `.`, `..` or empty and holds no
 * `/` or NUL, no key can reach outside its bucket's folder. Each segment may use at most
 * 253 bytes so that the escaped form still fits NAME_MAX (255); longer segments (and NUL,
 * which no file name can hold) are refused as InvalidKey.
 *
 * A file name may thus be plain or escaped depending on what else exists; readers look for
 * the plain name first, then the escaped one, and writers keep at most one of the two.
 */

export const MAX_SEGMENT_BYTES = 253;
const DIR_MARK = '%d';
const FILE_MARK = '%f';

export interface KeyLayout {
  /** Folder segments, outermost first. */
  readonly dirs: readonly string[];
  /** The last segment, which names the file (possibly empty). */
  readonly leaf: string;
}

export function layoutOf(key: string): KeyLayout {
  const segments = key.split('/');
  const leaf = segments.pop() ?? '';
  return { dirs: segments, leaf };
}

/** Why this store cannot hold `key`, or undefined when it can. */
export function unstorableKeyReason(key: string): string | undefined {
  if (key.includes('\0')) return 'a key must not contain the NUL character here';
  for (const segment of key.split('/')) {
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
      return `every /-separated part of a key must be at most ${MAX_SEGMENT_BYTES} bytes here`;
    }
  }
  return undefined;
}

function isPlainSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..' && !segment.startsWith('%');
}

/** The folder name of a key segment. */
export function dirEntryName(segment: string): string {
  return isPlainSegment(segment) ? segment : DIR_MARK + segment;
}

/** The plain file name of a last segment, or undefined when it always needs escaping. */
export function plainFileName(segment: string): string | undefined {
  return isPlainSegment(segment) ? segment : undefined;
}

export function escapedFileName(segment: string): string {
  return FILE_MARK + segment;
}

/** The file names a last segment may be stored under, in the order readers try them. */
export function fileNameCandidates(segment: string): string[] {
  const plain = plainFileName(segment);
  return plain === undefined ? [escapedFileName(segment)] : [plain, escapedFileName(segment)];
}

/** The key segment a folder name stands for, or undefined when the name is not one this store makes. */
export function segmentOfDirEntry(name: string): string | undefined {
  if (!name.startsWith('%')) return name;
  return name.startsWith(DIR_MARK) ? name.slice(DIR_MARK.length) : undefined;
}

/** The key segment a file name stands for, or undefined when the name is not one this store makes. */
export function segmentOfFileEntry(name: string): string | undefined {
  if (!name.startsWith('%')) return name;
  return name.startsWith(FILE_MARK) ? name.slice(FILE_MARK.length) : undefined;
}

/**
 * Compares strings by their UTF-8 bytes (S3's key order) without encoding them. UTF-16
 * code units sort like code points except that surrogates (D800–DFFF, which encode code
 * points above FFFF) must come after E000–FFFF; shifting the two ranges fixes that.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
