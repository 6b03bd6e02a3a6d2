/**
 * A record value that does not fit its column ("Data does not match the schema"). Thrown
 * while a record is converted and turned into that record's failure; `path` names the column
 * and the struct fields, map keys or array positions leading to the value.
 */
export class SchemaMismatch extends Error {
  constructor(
    readonly detail: string,
    readonly path: readonly string[] = [],
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${detail}` : detail);
    this.name = 'SchemaMismatch';
  }

  /** The same mismatch, one level further out. */
  within(step: string): SchemaMismatch {
    return new SchemaMismatch(this.detail, [step, ...this.path]);
  }
}
