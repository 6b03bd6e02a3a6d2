import type { DocumentCollection } from '../../kernel/DocumentStore.js';
import { QueryError } from '../QueryError.js';

export interface PreparedStatement {
  readonly name: string;
  readonly workGroup: string;
  readonly queryStatement: string;
  readonly description?: string;
  readonly lastModifiedMs: number;
}

const key = (workGroup: string, name: string) => `${workGroup}/${name}`;

/**
 * Prepared statements: SQL with `?` placeholders saved per work group (PREPARE, or
 * CreatePreparedStatement) and run with EXECUTE … USING.
 */
export class PreparedStatements {
  private readonly statements = new Map<string, PreparedStatement>();

  private constructor(private readonly store: DocumentCollection<PreparedStatement>) {}

  static async open(store: DocumentCollection<PreparedStatement>): Promise<PreparedStatements> {
    const ps = new PreparedStatements(store);
    for (const { key: k, doc } of await store.list()) ps.statements.set(k, doc);
    return ps;
  }

  find(workGroup: string, name: string): PreparedStatement | undefined {
    return this.statements.get(key(workGroup, name.toLowerCase()));
  }

  get(workGroup: string, name: string): PreparedStatement {
    const s = this.find(workGroup, name);
    if (!s) throw new QueryError('ResourceNotFound', `Prepared statement ${name} was not found in workgroup ${workGroup}.`);
    return s;
  }

  list(workGroup: string): PreparedStatement[] {
    return [...this.statements.values()].filter((s) => s.workGroup === workGroup).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Creates, or replaces when `replace` (PREPARE replaces silently, as Athena's does). */
  async put(statement: PreparedStatement, replace: boolean): Promise<void> {
    const k = key(statement.workGroup, statement.name.toLowerCase());
    if (!replace && this.statements.has(k)) {
      throw new QueryError('InvalidRequest', `Prepared statement ${statement.name} already exists in workgroup ${statement.workGroup}.`, 'INVALID_INPUT');
    }
    const s = { ...statement, name: statement.name.toLowerCase() };
    this.statements.set(k, s);
    await this.store.put(k, s);
  }

  async update(workGroup: string, name: string, queryStatement: string, description: string | undefined, now: number): Promise<void> {
    const s = this.get(workGroup, name);
    await this.put({ ...s, queryStatement, ...(description !== undefined ? { description } : {}), lastModifiedMs: now }, true);
  }

  async delete(workGroup: string, name: string): Promise<void> {
    this.get(workGroup, name);
    const k = key(workGroup, name.toLowerCase());
    this.statements.delete(k);
    await this.store.delete(k);
  }

  async deleteWorkGroup(workGroup: string): Promise<void> {
    for (const s of this.list(workGroup)) await this.delete(workGroup, s.name);
  }
}
