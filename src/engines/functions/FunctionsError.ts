/** Typed failures of engine calls (as opposed to failed invocations, which are results). */
export type FunctionsErrorKind =
  /** No function by that name is registered. */
  | 'FunctionNotFound'
  /** A definition breaks a rule (name, handler, timeout, memory, concurrency, environment). */
  | 'InvalidDefinition'
  /** The payload cannot be serialised as JSON. */
  | 'InvalidPayload'
  /** The engine was closed before or during the call. */
  | 'EngineClosed';

export class FunctionsError extends Error {
  override readonly name = 'FunctionsError';

  constructor(
    readonly kind: FunctionsErrorKind,
    message: string,
    /** For `InvalidDefinition`: the field at fault. */
    readonly field?: string,
  ) {
    super(message);
  }
}
