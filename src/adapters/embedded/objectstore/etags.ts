/** Entity tags formed as S3 forms them. */
import { createHash } from 'node:crypto';

/** `md5(md5(part 1) ‖ … ‖ md5(part N))-N`, from the parts' hex MD5s. */
export function multipartEtag(partMd5s: readonly string[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5s) hash.update(Buffer.from(md5, 'hex'));
  return `${hash.digest('hex')}-${partMd5s.length}`;
}
