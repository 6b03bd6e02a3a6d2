import type { ColumnInfo, QueryExecution, WorkGroup } from '@aws-sdk/client-athena';
import type { CatalogEngine } from '../../engines/catalog/CatalogEngine.js';
import type { QueryExecutionRecord } from '../../engines/query/QueryExecution.js';
import type { QueryEngine } from '../../engines/query/QueryEngine.js';
import type { ResultColumn } from '../../engines/query/results/athenaTypes.js';
import type { WorkGroupDefinition } from '../../engines/query/saved/WorkGroups.js';
import { AwsError } from '../wire/AwsError.js';

/** What every Athena operation is built from. */
export interface AthenaDeps {
  readonly query: QueryEngine;
  readonly catalog: CatalogEngine;
  /** How long GetQueryExecution may wait for a running query to finish. */
  readonly statusWaitMs?: number;
}

export const ENGINE_VERSION = 'Athena engine version 3';

export function invalidRequest(message: string, code = 'INVALID_INPUT'): AwsError {
  return new AwsError('InvalidRequestException', message, 400, { AthenaErrorCode: code });
}

/** An execution as GetQueryExecution shows it. */
export function queryExecutionOf(r: QueryExecutionRecord): QueryExecution {
  const s = r.statistics;
  return {
    QueryExecutionId: r.id,
    Query: r.query,
    StatementType: r.statementType,
    ...(r.substatementType !== undefined ? { SubstatementType: r.substatementType } : {}),
    ResultConfiguration: r.outputLocation !== undefined ? { OutputLocation: r.outputLocation } : {},
    ResultReuseConfiguration: {
      ResultReuseByAgeConfiguration: r.resultReuseMaxAgeMinutes !== undefined ? { Enabled: true, MaxAgeInMinutes: r.resultReuseMaxAgeMinutes } : { Enabled: false },
    },
    QueryExecutionContext: { ...(r.database !== undefined ? { Database: r.database } : {}), Catalog: r.catalog },
    Status: {
      State: r.state,
      ...(r.stateChangeReason !== undefined ? { StateChangeReason: r.stateChangeReason } : {}),
      SubmissionDateTime: new Date(r.submittedAtMs),
      ...(r.completedAtMs !== undefined ? { CompletionDateTime: new Date(r.completedAtMs) } : {}),
      ...(r.failure
        ? {
            AthenaError: {
              ErrorCategory: r.failure.category,
              ErrorType: r.failure.errorType,
              Retryable: r.failure.retryable,
              ErrorMessage: r.failure.message,
            },
          }
        : {}),
    },
    Statistics: {
      EngineExecutionTimeInMillis: s.engineMs,
      DataScannedInBytes: s.dataScannedBytes,
      TotalExecutionTimeInMillis: s.totalMs,
      QueryQueueTimeInMillis: s.queueMs,
      ServicePreProcessingTimeInMillis: 0,
      QueryPlanningTimeInMillis: s.planningMs,
      ServiceProcessingTimeInMillis: s.serviceProcessingMs,
      ...(r.result?.manifestKey !== undefined ? { DataManifestLocation: `s3://${r.result.bucket}/${r.result.manifestKey}` } : {}),
      ResultReuseInformation: { ReusedPreviousResult: r.reusedPreviousResult === true },
    },
    WorkGroup: r.workGroup,
    EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: ENGINE_VERSION },
    ...(r.executionParameters ? { ExecutionParameters: [...r.executionParameters] } : {}),
  };
}

export function columnInfoOf(c: ResultColumn): ColumnInfo {
  return {
    CatalogName: 'hive',
    SchemaName: '',
    TableName: '',
    Name: c.name,
    Label: c.name,
    Type: c.type,
    Precision: c.precision,
    Scale: c.scale,
    Nullable: 'UNKNOWN',
    CaseSensitive: c.caseSensitive,
  };
}

export function workGroupOf(g: WorkGroupDefinition): WorkGroup {
  return {
    Name: g.name,
    State: g.state,
    ...(g.description !== undefined ? { Description: g.description } : {}),
    CreationTime: new Date(g.createdAtMs),
    Configuration: {
      ResultConfiguration: g.settings.outputLocation !== undefined ? { OutputLocation: g.settings.outputLocation } : {},
      EnforceWorkGroupConfiguration: g.settings.enforce,
      PublishCloudWatchMetricsEnabled: g.settings.publishMetrics,
      ...(g.settings.bytesScannedCutoff !== undefined ? { BytesScannedCutoffPerQuery: g.settings.bytesScannedCutoff } : {}),
      RequesterPaysEnabled: false,
      EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: ENGINE_VERSION },
    },
  };
}

/** Opaque pagination tokens: base64 of a small JSON document. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw invalidRequest('Invalid NextToken');
}

/** A page of `items` after the token's position. */
export function page<T>(items: readonly T[], nextToken: string | undefined, maxResults: number, key: (t: T) => string): { items: T[]; next?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const t = decodeToken(nextToken, (v): v is { after: string } => typeof v === 'object' && v !== null && typeof (v as { after?: unknown }).after === 'string');
    const i = items.findIndex((item) => key(item) === t.after);
    start = i < 0 ? items.length : i + 1;
  }
  const slice = items.slice(start, start + maxResults);
  const more = start + maxResults < items.length;
  return more ? { items: slice, next: encodeToken({ after: key(slice[slice.length - 1]!) }) } : { items: slice };
}
