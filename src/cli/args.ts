import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses options; a mistake becomes a message that says what to do, not a stack trace. */
export function parseOptions<T extends Options>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}

export class UsageError extends Error {}

/** Where a command writes what it says. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CommandOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/**
 * A command's options, or the exit code it ends with here: 2 after a usage mistake (told on
 * stderr, with the usage), 0 after printing the usage for --help.
 */
export function parseCommand<T extends Options>(command: string, args: string[], options: T, usage: string, output: CommandOutput = processOutput) {
  try {
    const parsed = parseOptions(args, options, usage);
    if ((parsed.values as { help?: boolean }).help) {
      output.out(usage);
      return { exit: 0 } as const;
    }
    return parsed;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    output.err(`lakehose ${command}: ${e.message}`);
    return { exit: 2 } as const;
  }
}
