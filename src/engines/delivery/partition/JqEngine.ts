/**
 * Why a jq call failed: jq itself reported an error (compile error, unparsable input), the
 * WASM runtime or its worker crashed, or the call ran past its time limit.
 */
export type JqFailure = 'jq-error' | 'crash' | 'timeout';

/** Outcome of one jq invocation, in words the caller can act on. */
export type JqRunResult = { ok: true; stdout: string } | { ok: false; failure: JqFailure; message: string };

/** Something that runs `jq <flags> <program>` over an input text: in-thread or on workers. */
export interface JqEngine {
  run(input: string, program: string, flags: readonly string[]): Promise<JqRunResult>;
}
