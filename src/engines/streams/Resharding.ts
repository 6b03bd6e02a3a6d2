import { hexOfHashKey } from './HashKey.js';

/**
 * Plans UpdateShardCount as the plain split and merge steps that reach uniform shards, so
 * that every new shard has at most two parents (Kinesis' lineage rule, which consumers
 * such as the KCL rely on). First every open shard is split at the target boundaries that
 * fall inside it, then the pieces of each target range are merged pairwise.
 */
export interface HashRange {
  readonly start: bigint;
  readonly end: bigint;
}

export type ReshardStep =
  | { readonly kind: 'split'; readonly range: HashRange; readonly at: bigint }
  | { readonly kind: 'merge'; readonly left: HashRange; readonly right: HashRange };

export function planUniformResharding(open: readonly HashRange[], targets: readonly HashRange[]): ReshardStep[] {
  const steps: ReshardStep[] = [];
  const sorted = [...open].sort((a, b) => (a.start < b.start ? -1 : 1));
  const boundaries = targets.slice(1).map((t) => t.start);
  const pieces: HashRange[] = [];
  for (const shard of sorted) {
    let current = shard;
    for (const b of boundaries) {
      if (b > current.start && b <= current.end) {
        steps.push({ kind: 'split', range: current, at: b });
        pieces.push({ start: current.start, end: b - 1n });
        current = { start: b, end: current.end };
      }
    }
    pieces.push(current);
  }
  for (const target of targets) {
    const inside = pieces.filter((p) => p.start >= target.start && p.end <= target.end);
    let acc = inside[0]!;
    for (const next of inside.slice(1)) {
      steps.push({ kind: 'merge', left: acc, right: next });
      acc = { start: acc.start, end: next.end };
    }
  }
  return steps;
}

export function rangeKey(r: HashRange): string {
  return `${hexOfHashKey(r.start)}-${hexOfHashKey(r.end)}`;
}
