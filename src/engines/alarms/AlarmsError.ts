/** What can go wrong with alarms, in the domain's terms; the CloudWatch facade maps each kind. */
export type AlarmsErrorKind = 'AlarmNotFound' | 'InvalidArgument' | 'MissingArgument' | 'InvalidCombination' | 'InvalidFormat' | 'LimitExceeded';

export class AlarmsError extends Error {
  constructor(
    readonly kind: AlarmsErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AlarmsError';
  }
}
