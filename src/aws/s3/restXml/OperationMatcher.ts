import type { IncomingHttpHeaders } from 'node:http';
import type { OperationModel, ServiceModel } from '../../wire/model.js';

/** What the path says a request is about: the service, a bucket, or an object in it. */
export type TargetKind = 'service' | 'bucket' | 'object';

interface Candidate {
  readonly operation: OperationModel;
  /** Query parameters the request URI names (`?uploads`, `?list-type=2`): name → value or undefined for any. */
  readonly literals: ReadonlyArray<readonly [string, string | undefined]>;
  /** Required members read from the query string or headers (`uploadId`, `x-amz-copy-source`). */
  readonly requiredQuery: readonly string[];
  readonly requiredHeaders: readonly string[];
}

/** Operations the model keeps for old clients, and S3 Express ones; their newer twins win. */
const SHADOWED = new Set([
  'GetBucketLifecycle',
  'PutBucketLifecycle',
  'GetBucketNotification',
  'PutBucketNotification',
  'ListDirectoryBuckets',
  'CreateSession',
]);

function kindOf(path: string): TargetKind | undefined {
  if (path === '/') return 'service';
  if (path === '/{Bucket}') return 'bucket';
  if (path === '/{Bucket}/{Key+}') return 'object';
  return undefined;
}

/**
 * Finds the S3 operation a request is, from the service model alone (LocalStack's approach):
 * method, whether a bucket and key are named, the query parameters the request URI lists,
 * and the required query and header members. Among the operations that fit, the one with
 * the most such constraints wins, so `PUT /b/k` with `x-amz-copy-source`, `partNumber` and
 * `uploadId` is UploadPartCopy, not PutObject.
 */
export class OperationMatcher {
  private readonly byRoute = new Map<string, Candidate[]>();

  constructor(model: ServiceModel) {
    for (const operation of Object.values(model.operations)) {
      if (!operation.http || SHADOWED.has(operation.name)) continue;
      const [path = '', query = ''] = operation.http.requestUri.split('?');
      const kind = kindOf(path);
      if (!kind) continue;
      const literals: Array<readonly [string, string | undefined]> = query
        .split('&')
        .filter((p) => p !== '')
        .map((p) => {
          const eq = p.indexOf('=');
          return eq < 0 ? [p, undefined] : [p.slice(0, eq), p.slice(eq + 1)];
        });
      const input = operation.input ? model.shapes[operation.input.shape] : undefined;
      const requiredQuery: string[] = [];
      const requiredHeaders: string[] = [];
      for (const name of input?.required ?? []) {
        const member = input?.members?.[name];
        if (member?.location === 'querystring' && member.locationName) requiredQuery.push(member.locationName);
        if (member?.location === 'header' && member.locationName) requiredHeaders.push(member.locationName.toLowerCase());
      }
      const key = `${operation.http.method} ${kind}`;
      const list = this.byRoute.get(key) ?? [];
      list.push({ operation, literals, requiredQuery, requiredHeaders });
      this.byRoute.set(key, list);
    }
  }

  /** The operation, or undefined when no operation takes this method on this kind of target. */
  match(method: string, kind: TargetKind, query: ReadonlyMap<string, string>, headers: IncomingHttpHeaders): OperationModel | undefined {
    let best: Candidate | undefined;
    let bestScore = -1;
    for (const c of this.byRoute.get(`${method} ${kind}`) ?? []) {
      const fits =
        c.literals.every(([name, value]) => query.has(name) && (value === undefined || query.get(name) === value)) &&
        c.requiredQuery.every((name) => query.has(name)) &&
        c.requiredHeaders.every((name) => headers[name] !== undefined);
      if (!fits) continue;
      const score = c.literals.length + c.requiredQuery.length + c.requiredHeaders.length;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best?.operation;
  }

  /** True when some operation answers this method on this kind of target (else 405). */
  allows(method: string, kind: TargetKind): boolean {
    return this.byRoute.has(`${method} ${kind}`);
  }
}
