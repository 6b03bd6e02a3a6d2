import { AlarmsError } from '../../engines/alarms/AlarmsError.js';
import { CatalogError } from '../../engines/catalog/CatalogError.js';
import { DeliveryError } from '../../engines/delivery/DeliveryError.js';
import { LakeError, type LakeFaultKind } from '../../engines/lake/LakeError.js';
import { DashboardError } from '../../engines/metrics/DashboardError.js';
import { QueryError } from '../../engines/query/QueryError.js';
import { StreamsError } from '../../engines/streams/StreamsError.js';
import { TopicsError } from '../../engines/topics/TopicsError.js';
import { BodyTooLargeError } from '../../aws/wire/EdgeRequest.js';
import { ConsoleHttpError } from './ApiRequest.js';

/**
 * The HTTP status the console answers for an engine's typed error, or undefined for an
 * unexpected one (a 500 with a request id). One exhaustive switch per engine, so a new
 * error kind does not compile until it is placed.
 */
export function errorStatus(e: unknown): number | undefined {
  if (e instanceof ConsoleHttpError) return e.status;
  if (e instanceof BodyTooLargeError) return 413;
  if (e instanceof LakeError) return lakeStatus(e.kind);
  if (e instanceof QueryError) {
    switch (e.kind) {
      case 'InvalidRequest':
        return 400;
      case 'ResourceNotFound':
      case 'MetadataNotFound':
        return 404;
      case 'TooManyRequests':
        return 429;
      case 'Unavailable':
        return 503;
      default:
        return unreachable(e.kind);
    }
  }
  if (e instanceof CatalogError) {
    switch (e.kind) {
      case 'EntityNotFound':
        return 404;
      case 'AlreadyExists':
      case 'ConcurrentModification':
        return 409;
      case 'InvalidInput':
      case 'ResourceNumberLimitExceeded':
        return 400;
      default:
        return unreachable(e.kind);
    }
  }
  if (e instanceof StreamsError) {
    switch (e.kind) {
      case 'StreamNotFound':
      case 'ShardNotFound':
      case 'ConsumerNotFound':
        return 404;
      case 'StreamExists':
      case 'StreamNotActive':
      case 'ConsumerInUse':
        return 409;
      case 'InvalidArgument':
      case 'LimitExceeded':
      case 'IteratorExpired':
        return 400;
      case 'ThroughputExceeded':
        return 429;
      case 'StorageUnavailable':
        return 503;
      default:
        return unreachable(e.kind);
    }
  }
  if (e instanceof DeliveryError) {
    switch (e.kind) {
      case 'NotFound':
        return 404;
      case 'InUse':
      case 'ConcurrentModification':
        return 409;
      case 'InvalidArgument':
      case 'LimitExceeded':
        return 400;
      case 'Unavailable':
        return 503;
      default:
        return unreachable(e.kind);
    }
  }
  if (e instanceof AlarmsError) return e.kind === 'AlarmNotFound' ? 404 : 400;
  if (e instanceof TopicsError) return e.kind === 'NotFound' ? 404 : e.kind === 'StorageUnavailable' ? 503 : 400;
  if (e instanceof DashboardError) return e.kind === 'DashboardNotFound' ? 404 : 400;
  return undefined;
}

function lakeStatus(kind: LakeFaultKind): number {
  switch (kind) {
    case 'NoSuchBucket':
    case 'NoSuchKey':
    case 'NoSuchUpload':
      return 404;
    case 'BucketAlreadyOwnedByYou':
    case 'BucketNotEmpty':
      return 409;
    case 'NotModified':
      return 304;
    case 'PreconditionFailed':
    case 'WriteConditionFailed':
      return 412;
    case 'InvalidRange':
      return 416;
    case 'StorageUnavailable':
      return 503;
    case 'InvalidBucketName':
    case 'KeyTooLong':
    case 'InvalidKey':
    case 'InvalidPart':
    case 'InvalidPartOrder':
    case 'EntityTooSmall':
    case 'EntityTooLarge':
    case 'MetadataTooLarge':
    case 'BadDigest':
    case 'BadChecksum':
    case 'IncompleteBody':
    case 'InvalidArgument':
    case 'InvalidRequest':
      return 400;
    default:
      return unreachable(kind);
  }
}

function unreachable(kind: never): number {
  return kind;
}
