import type { DeliveryCounters } from '../DeliveryCounters.js';
import type { DeliveryPlan } from '../model/DeliveryPlan.js';
import { METADATA_EXTRACTION_FAILED, type JqKeyExtractor, type KeyExtraction } from '../partition/index.js';
import { evaluatePrefix, partitionKeysOf, SeededRandom } from '../prefix/index.js';
import { dataPartitionId, type PartitionKind } from './PartitionBuffer.js';
import type { RecordFailure, TransformOutcome, Unit } from './records.js';

/** Where one sub-record goes. */
export type Route =
  | { readonly kind: 'dropped' }
  | { readonly kind: 'failed'; readonly failure: RecordFailure }
  | { readonly kind: 'data'; readonly partitionId: string; readonly partition: PartitionKind; readonly data: Uint8Array };

/**
 * Dynamic partitioning: each record's partition is the values of the partition keys its
 * prefix uses — from the jq query (MetadataExtraction, run on the transformed record) and/or
 * from the transform function's `metadata.partitionKeys`. A record whose keys cannot be
 * extracted, or whose prefix cannot be evaluated, goes to the error output. Without dynamic
 * partitioning every record is in the one data partition.
 */
export class Partitioner {
  private readonly fromQuery: readonly string[];
  private readonly fromLambda: readonly string[];
  /** Per partition id: undefined when its prefix evaluates, else why not. */
  private readonly prefixChecks = new Map<string, string | undefined>();

  constructor(private readonly plan: DeliveryPlan) {
    const keys = partitionKeysOf(plan.destination.prefix);
    this.fromQuery = keys.fromQuery;
    this.fromLambda = keys.fromLambda;
  }

  /** One route per sub-record of `units`, in order. */
  async route(
    units: readonly Unit[],
    outcomes: ReadonlyArray<readonly TransformOutcome[]> | undefined,
    jq: JqKeyExtractor | undefined,
    counters: DeliveryCounters,
  ): Promise<Route[]> {
    const results: TransformOutcome[] = [];
    const arrivals: number[] = [];
    units.forEach((unit, u) => {
      unit.subRecords.forEach((data, s) => {
        results.push(outcomes ? outcomes[u]![s]! : { kind: 'ok', data });
        arrivals.push(unit.source.arrivalMs);
      });
    });
    if (!this.plan.dynamicPartitioning) {
      return results.map((o) => (o.kind === 'ok' ? { kind: 'data', partitionId: dataPartitionId([]), partition: { kind: 'data' }, data: o.data } : o));
    }
    let extracted: KeyExtraction[] | undefined;
    if (jq) {
      const okData: Uint8Array[] = [];
      for (const o of results) if (o.kind === 'ok') okData.push(o.data);
      if (okData.length > 0) {
        const started = performance.now();
        extracted = await jq.extract(okData);
        counters.add('jqDuration', performance.now() - started);
      }
    }
    let k = 0;
    return results.map((o, i) => {
      if (o.kind !== 'ok') return o;
      const fromJq = extracted?.[k++];
      if (fromJq && !fromJq.ok) return this.failed(fromJq.errorCode, fromJq.error, o.data);
      return this.dataRoute(o.data, fromJq?.keys, o.partitionKeys, arrivals[i]!);
    });
  }

  private dataRoute(
    data: Uint8Array,
    queryKeys: Readonly<Record<string, string>> | undefined,
    lambdaKeys: Readonly<Record<string, string>> | undefined,
    arrivalMs: number,
  ): Route {
    const values: string[] = [];
    const keysFromQuery: Record<string, string> = {};
    const keysFromLambda: Record<string, string> = {};
    for (const name of this.fromQuery) {
      const v = queryKeys?.[name];
      if (v === undefined) return this.failed(METADATA_EXTRACTION_FAILED, `The query produced no value for partition key '${name}'`, data);
      keysFromQuery[name] = v;
      values.push(v);
    }
    for (const name of this.fromLambda) {
      const v = lambdaKeys?.[name];
      if (v === undefined) {
        return this.failed('DynamicPartitioning.MissingPartitionKeyFromLambda', `The transform function gave no partition key '${name}' (metadata.partitionKeys)`, data);
      }
      keysFromLambda[name] = v;
      values.push(v);
    }
    const partitionId = dataPartitionId(values);
    let problem = this.prefixChecks.get(partitionId);
    if (!this.prefixChecks.has(partitionId)) {
      const r = evaluatePrefix(this.plan.destination.prefix, {
        oldestArrivalMs: arrivalMs,
        timeZone: this.plan.destination.timeZone,
        partitionKeysFromQuery: keysFromQuery,
        partitionKeysFromLambda: keysFromLambda,
        random: new SeededRandom('check'),
      });
      problem = r.ok ? undefined : r.message;
      // Remember a bounded number of answers: partitions come and go.
      if (this.prefixChecks.size > 10_000) this.prefixChecks.clear();
      this.prefixChecks.set(partitionId, problem);
    }
    if (problem !== undefined) return this.failed('DynamicPartitioning.PrefixEvaluationFailed', problem, data);
    return { kind: 'data', partitionId, partition: { kind: 'data', keysFromQuery, keysFromLambda }, data };
  }

  private failed(errorCode: string, errorMessage: string, rawData: Uint8Array): Route {
    return { kind: 'failed', failure: { outputType: 'processing-failed', errorCode, errorMessage, attemptsMade: 1, rawData } };
  }
}
