import type { DocumentCollection } from '../kernel/DocumentStore.js';
import { DashboardError } from './DashboardError.js';

export interface Dashboard {
  readonly name: string;
  /** The dashboard definition as given (JSON text with a `widgets` array). */
  readonly body: string;
  readonly lastModifiedMs: number;
}

/**
 * CloudWatch dashboards: named JSON documents kept for the console and for tools
 * (Terraform's aws_cloudwatch_dashboard) that create them. Lakehose stores and returns them;
 * it does not render them.
 */
export class Dashboards {
  constructor(
    private readonly docs: DocumentCollection<Dashboard>,
    private readonly clock: () => number = Date.now,
  ) {}

  async put(name: string, body: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw new DashboardError('InvalidDashboard', 'The field DashboardBody must be a valid JSON object', [{ path: '', message: `Invalid JSON: ${(e as Error).message}` }]);
    }
    const problems: Array<{ path: string; message: string }> = [];
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ path: '', message: 'Should be an object' });
    } else {
      const widgets = (parsed as { widgets?: unknown }).widgets;
      if (!Array.isArray(widgets)) problems.push({ path: '/widgets', message: 'Should be array' });
      else widgets.forEach((w, i) => {
        if (w === null || typeof w !== 'object' || typeof (w as { type?: unknown }).type !== 'string') {
          problems.push({ path: `/widgets/${i}`, message: 'Should have required property \'type\'' });
        }
      });
    }
    if (problems.length > 0) throw new DashboardError('InvalidDashboard', 'The dashboard body is invalid, there are ' + problems.length + ' validation errors', problems);
    await this.docs.put(name, { name, body, lastModifiedMs: this.clock() });
  }

  async get(name: string): Promise<Dashboard> {
    const d = await this.docs.get(name);
    if (!d) throw new DashboardError('DashboardNotFound', `Dashboard ${name} does not exist`);
    return d;
  }

  async list(prefix?: string): Promise<Dashboard[]> {
    return (await this.docs.list()).map((e) => e.doc).filter((d) => prefix === undefined || d.name.startsWith(prefix));
  }

  /** Deletes every named dashboard, or none when one of them does not exist. */
  async delete(names: readonly string[]): Promise<void> {
    for (const n of names) if (!(await this.docs.get(n))) throw new DashboardError('DashboardNotFound', `Dashboard ${n} does not exist`);
    for (const n of names) await this.docs.delete(n);
  }
}
