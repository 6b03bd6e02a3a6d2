/** Every way a catalog operation can fail, in domain terms; the Glue facade maps each to an AWS error. */
export type CatalogErrorKind =
  | 'EntityNotFound'
  | 'AlreadyExists'
  | 'InvalidInput'
  | 'ResourceNumberLimitExceeded'
  | 'ConcurrentModification';

export class CatalogError extends Error {
  constructor(
    readonly kind: CatalogErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }

  static databaseNotFound(name: string): CatalogError {
    return new CatalogError('EntityNotFound', `Database ${name} not found.`);
  }

  static tableNotFound(name: string): CatalogError {
    return new CatalogError('EntityNotFound', `Table ${name} not found.`);
  }

  static partitionNotFound(): CatalogError {
    return new CatalogError('EntityNotFound', 'Cannot find partition.');
  }

  static invalid(message: string): CatalogError {
    return new CatalogError('InvalidInput', message);
  }
}
