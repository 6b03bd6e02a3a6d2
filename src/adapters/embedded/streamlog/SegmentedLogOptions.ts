import type { FileOps } from './FileOps.js';
import { NodeFileOps } from './NodeFileOps.js';

/** Something recovery or maintenance did to the files; the app logs and counts these. */
export type StreamLogEvent =
  | { readonly kind: 'tail-truncated'; readonly file: string; readonly fromBytes: number; readonly toBytes: number; readonly reason: string }
  | { readonly kind: 'index-rebuilt'; readonly file: string; readonly reason: string }
  | { readonly kind: 'segment-dropped'; readonly file: string; readonly reason: string }
  | { readonly kind: 'segment-rolled'; readonly file: string }
  | { readonly kind: 'segment-deleted'; readonly file: string };

export interface SegmentedLogOptions {
  /** Roll to a new segment when a batch would take the active one past this size (default 128 MiB). */
  readonly rollSizeBytes?: number;
  /** Roll when a batch arrives this long after the active segment's first one (default 1 h). */
  readonly rollAgeMs?: number;
  /** Log bytes between two entries of the sparse offset and time indexes (default 4096). */
  readonly indexIntervalBytes?: number;
  /** File operations; tests inject faults here. */
  readonly fileOps?: FileOps;
  /** Told about truncated tails, rebuilt indexes, rolled and deleted segments. */
  readonly onEvent?: (event: StreamLogEvent) => void;
}

export interface ResolvedLogOptions {
  readonly rollSizeBytes: number;
  readonly rollAgeMs: number;
  readonly indexIntervalBytes: number;
  readonly fileOps: FileOps;
  readonly onEvent: (event: StreamLogEvent) => void;
}

const MiB = 1024 * 1024;
/** Index positions are 32-bit, so a segment must stay well below 4 GiB. */
const MAX_ROLL_SIZE_BYTES = 1024 * MiB;

export function resolveLogOptions(options: SegmentedLogOptions = {}): ResolvedLogOptions {
  const resolved: ResolvedLogOptions = {
    rollSizeBytes: options.rollSizeBytes ?? 128 * MiB,
    rollAgeMs: options.rollAgeMs ?? 60 * 60 * 1000,
    indexIntervalBytes: options.indexIntervalBytes ?? 4096,
    fileOps: options.fileOps ?? new NodeFileOps(),
    onEvent: options.onEvent ?? (() => {}),
  };
  positiveInteger('rollSizeBytes', resolved.rollSizeBytes, MAX_ROLL_SIZE_BYTES);
  positiveInteger('rollAgeMs', resolved.rollAgeMs, Number.MAX_SAFE_INTEGER);
  positiveInteger('indexIntervalBytes', resolved.indexIntervalBytes, MAX_ROLL_SIZE_BYTES);
  return resolved;
}

function positiveInteger(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`SegmentedLogOptions.${name} must be an integer from 1 to ${max}, got ${value}`);
  }
}
