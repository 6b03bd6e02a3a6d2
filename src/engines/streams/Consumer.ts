/** A registered enhanced fan-out consumer, as the metadata store keeps it. */
export type ConsumerStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

export interface ConsumerState {
  readonly streamName: string;
  /** The stream's storage identity: a consumer of a deleted (or re-created) stream is gone. */
  readonly streamUid: string;
  readonly name: string;
  readonly createdAtMs: number;
  status: ConsumerStatus;
  /** PutResourcePolicy's JSON document, kept and shown (Lakehose checks no IAM). */
  resourcePolicy?: string;
}

/** What callers see of a consumer. */
export interface ConsumerView {
  readonly streamName: string;
  readonly name: string;
  readonly createdAtMs: number;
  readonly status: ConsumerStatus;
}

export const MAX_CONSUMERS_PER_STREAM = 20;
/** AWS allows at most five consumers in CREATING at once. */
export const MAX_CONSUMERS_CREATING = 5;

/** The collection key of a consumer: stream and consumer names are both `[a-zA-Z0-9_.-]+`. */
export function consumerKey(streamName: string, consumerName: string): string {
  return `${streamName}/${consumerName}`;
}
