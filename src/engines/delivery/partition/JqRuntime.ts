import { createRequire } from 'node:module';
import type { JqEngine, JqRunResult } from './JqEngine.js';

/** The part of jq-web's API we use: `raw` runs jq like `echo input | jq flags filter`. */
interface JqWebModule {
  raw(input: string, filter: string, flags?: string[]): string | undefined;
}

/** jq-web throws plain Errors; a non-zero jq exit carries `exitCode` (and `stderr`). */
interface JqWebError extends Error {
  exitCode?: number;
  stderr?: string;
}

const require = createRequire(import.meta.url);

/**
 * One instance of jq in this thread (jq-web: jq compiled to WebAssembly with Emscripten).
 * jq-web loads its WASM asynchronously (~100 ms) and then runs jq's `main()` synchronously
 * per call, blocking the thread for the call's duration; the instance keeps no state between
 * calls (measured: tens of thousands of calls with flat memory). If the WASM
 * ever aborts (a trap rather than a jq error), the instance is dropped and a fresh one is
 * loaded for the next call, because an aborted Emscripten runtime is not safe to reuse.
 */
export class JqRuntime implements JqEngine {
  private constructor(private module: JqWebModule) {}

  static async create(): Promise<JqRuntime> {
    return new JqRuntime(await loadFreshModule());
  }

  /**
   * Runs `jq <flags> <filter>` over `input`. jq errors (compile errors, input parse errors)
   * come back as `ok: false` with jq's message; a WASM abort comes back as a `crash` after
   * the instance has been replaced.
   */
  async run(input: string, filter: string, flags: readonly string[]): Promise<JqRunResult> {
    try {
      // jq-web mutates the flags array it is given, so pass a copy.
      const stdout = this.module.raw(input, filter, [...flags]);
      return { ok: true, stdout: stdout ?? '' };
    } catch (err) {
      const e = err as JqWebError;
      if (typeof e.exitCode === 'number') {
        return { ok: false, failure: 'jq-error', message: jqMessage(e) };
      }
      // Not a jq exit: the Emscripten runtime trapped. Replace it before the next call.
      this.module = await loadFreshModule();
      return { ok: false, failure: 'crash', message: `jq aborted: ${String(e.message ?? e)}` };
    }
  }
}

/** jq's stderr without the "Non-zero exit code" preamble jq-web adds. */
function jqMessage(e: JqWebError): string {
  const text = e.stderr ?? e.message.replace(/^Non-zero exit code: \d+\n?/, '');
  return text.trim();
}

/** Loads a new, independent jq-web instance (a fresh require of the CommonJS module). */
async function loadFreshModule(): Promise<JqWebModule> {
  const path = require.resolve('jq-web');
  delete require.cache[path];
  const loaded = require(path) as Promise<JqWebModule>;
  return await loaded;
}
