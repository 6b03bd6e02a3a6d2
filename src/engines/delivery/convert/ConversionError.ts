/** Why a converter could not be built; a facade maps these to InvalidArgumentException. */
export type ConversionErrorKind = 'InvalidSchema' | 'InvalidOptions';

/** Raised when a table schema or serializer options cannot be used (at create time). */
export class ConversionError extends Error {
  constructor(
    readonly kind: ConversionErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}
