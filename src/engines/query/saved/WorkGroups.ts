import type { DocumentCollection } from '../../kernel/DocumentStore.js';
import { QueryError } from '../QueryError.js';

export interface WorkGroupSettings {
  /** s3://bucket/prefix/ for results */
  readonly outputLocation?: string;
  /** The work group's settings override each query's (EnforceWorkGroupConfiguration). */
  readonly enforce: boolean;
  /** Queries scanning more than this fail. */
  readonly bytesScannedCutoff?: number;
  readonly publishMetrics: boolean;
}

export interface WorkGroupDefinition {
  readonly name: string;
  readonly description?: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly settings: WorkGroupSettings;
  readonly createdAtMs: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface WorkGroupChanges {
  readonly description?: string;
  readonly state?: 'ENABLED' | 'DISABLED';
  readonly outputLocation?: string | null;
  readonly enforce?: boolean;
  readonly bytesScannedCutoff?: number | null;
  readonly publishMetrics?: boolean;
}

export const PRIMARY = 'primary';

/**
 * Work groups: `primary` always exists and cannot be deleted; others are created through
 * the API or the config. Each holds result settings that queries in it use.
 */
export class WorkGroups {
  private readonly groups = new Map<string, WorkGroupDefinition>();

  private constructor(private readonly store: DocumentCollection<WorkGroupDefinition>) {}

  static async open(store: DocumentCollection<WorkGroupDefinition>, now: number): Promise<WorkGroups> {
    const wg = new WorkGroups(store);
    for (const { doc } of await store.list()) wg.groups.set(doc.name, doc);
    if (!wg.groups.has(PRIMARY)) {
      await wg.put({ name: PRIMARY, state: 'ENABLED', settings: { enforce: false, publishMetrics: false }, createdAtMs: now, tags: {} });
    }
    return wg;
  }

  get(name: string): WorkGroupDefinition {
    const g = this.groups.get(name);
    if (!g) throw new QueryError('InvalidRequest', `WorkGroup ${name} is not found.`, 'INVALID_INPUT');
    return g;
  }

  find(name: string): WorkGroupDefinition | undefined {
    return this.groups.get(name);
  }

  list(): WorkGroupDefinition[] {
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async create(def: Omit<WorkGroupDefinition, 'state'> & { state?: 'ENABLED' | 'DISABLED' }): Promise<WorkGroupDefinition> {
    if (this.groups.has(def.name)) throw new QueryError('InvalidRequest', `WorkGroup ${def.name} is already created`, 'INVALID_INPUT');
    const created: WorkGroupDefinition = { ...def, state: def.state ?? 'ENABLED' };
    await this.put(created);
    return created;
  }

  /** Creates or changes a work group the config declares. */
  async ensure(def: WorkGroupDefinition): Promise<void> {
    const existing = this.groups.get(def.name);
    if (existing && JSON.stringify({ ...existing, createdAtMs: 0 }) === JSON.stringify({ ...def, createdAtMs: 0 })) return;
    await this.put(existing ? { ...def, createdAtMs: existing.createdAtMs } : def);
  }

  async update(name: string, changes: WorkGroupChanges): Promise<WorkGroupDefinition> {
    const g = this.get(name);
    const settings: { -readonly [K in keyof WorkGroupSettings]: WorkGroupSettings[K] } = { ...g.settings };
    if (changes.outputLocation === null) delete settings.outputLocation;
    else if (changes.outputLocation !== undefined) settings.outputLocation = changes.outputLocation;
    if (changes.bytesScannedCutoff === null) delete settings.bytesScannedCutoff;
    else if (changes.bytesScannedCutoff !== undefined) settings.bytesScannedCutoff = changes.bytesScannedCutoff;
    if (changes.enforce !== undefined) settings.enforce = changes.enforce;
    if (changes.publishMetrics !== undefined) settings.publishMetrics = changes.publishMetrics;
    const updated: WorkGroupDefinition = {
      ...g,
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.state !== undefined ? { state: changes.state } : {}),
      settings,
    };
    await this.put(updated);
    return updated;
  }

  async delete(name: string): Promise<void> {
    if (name === PRIMARY) throw new QueryError('InvalidRequest', 'Cannot delete primary workgroup', 'INVALID_INPUT');
    this.get(name);
    this.groups.delete(name);
    await this.store.delete(name);
  }

  async setTags(name: string, tags: Readonly<Record<string, string>>): Promise<void> {
    await this.put({ ...this.get(name), tags });
  }

  private async put(def: WorkGroupDefinition): Promise<void> {
    this.groups.set(def.name, def);
    await this.store.put(def.name, def);
  }
}
