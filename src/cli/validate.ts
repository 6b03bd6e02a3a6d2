import { ConfigError, loadConfig } from '../app/config/loadConfig.js';
import { parseOptions, UsageError } from './args.js';

const USAGE = `Usage: lakehose validate --config FILE\n`;

export async function runValidate(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(args, { config: { type: 'string', short: 'c' } }, USAGE);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`lakehose validate: ${e.message}`);
      return 2;
    }
    throw e;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = parsed.values.config ?? parsed.positionals[0];
  if (!file) {
    process.stderr.write(`lakehose validate: name the file to check with --config FILE\n`);
    return 2;
  }
  try {
    const config = await loadConfig(file);
    process.stdout.write(`${file}: OK (${config.streams.length} stream${config.streams.length === 1 ? '' : 's'})\n`);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
