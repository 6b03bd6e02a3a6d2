/** What can go wrong with logs, in the domain's terms; the CloudWatch Logs facade maps each kind. */
export type LogsErrorKind = 'GroupNotFound' | 'StreamNotFound' | 'GroupExists' | 'StreamExists' | 'InvalidArgument' | 'LimitExceeded';

export class LogsError extends Error {
  constructor(
    readonly kind: LogsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LogsError';
  }
}
