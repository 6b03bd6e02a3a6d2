/** What can go wrong with dashboards; the CloudWatch facade maps each kind. */
export class DashboardError extends Error {
  constructor(
    readonly kind: 'DashboardNotFound' | 'InvalidDashboard',
    message: string,
    /** For InvalidDashboard: where the body is wrong (a JSON path) and what is wrong. */
    readonly problems: ReadonlyArray<{ readonly path: string; readonly message: string }> = [],
  ) {
    super(message);
    this.name = 'DashboardError';
  }
}
