import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Parses options; a mistake becomes a message that says what to do, not a stack trace. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

export class UsageError extends Error {}
