import { ConfigError, loadConfig } from '../app/config/loadConfig.js';
import { parseCommand } from './args.js';

const USAGE = `Usage: lakehose validate --config FILE\n`;

export async function runValidate(args: string[]): Promise<number> {
  const parsed = parseCommand('validate', args, { config: { type: 'string', short: 'c' } }, USAGE);
  if ('exit' in parsed) return parsed.exit;
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
