import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConsoleLogger, type LogLevel } from '../app/ConsoleLogger.js';
import { ConfigError, loadConfig } from '../app/config/loadConfig.js';
import { configSchema, type LakehoseConfig } from '../app/config/schema.js';
import { Lakehose } from '../app/Lakehose.js';
import { parseCommand } from './args.js';

const USAGE = `Usage: lakehose up [--config FILE] [--data-dir DIR] [--port N] [--host ADDR] [--log-level debug|info|warn|error] [--log-json]

  --config FILE     configuration file (default: ./lakehose.yaml when it exists)
  --data-dir DIR    where everything is stored (default: ./.lakehose)
  --port N          the edge port (default: the config's server.port, 4566)
  --host ADDR       the address to listen on (default: 127.0.0.1)
`;

export async function runUp(args: string[]): Promise<number> {
  const parsed = parseCommand(
    'up',
    args,
    {
      config: { type: 'string', short: 'c' },
      'data-dir': { type: 'string', short: 'd' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'log-level': { type: 'string' },
      'log-json': { type: 'boolean' },
    },
    USAGE,
  );
  if ('exit' in parsed) return parsed.exit;
  const v = parsed.values;
  const level = (v['log-level'] ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    process.stderr.write(`lakehose up: --log-level must be debug, info, warn or error\n`);
    return 2;
  }
  const port = v.port === undefined ? undefined : Number(v.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`lakehose up: --port must be a number from 0 to 65535, not '${v.port}'\n`);
    return 2;
  }
  const logger = new ConsoleLogger(level, v['log-json'] ?? false);
  const configFile = v.config ?? (existsSync('lakehose.yaml') ? 'lakehose.yaml' : undefined);
  let config: LakehoseConfig;
  try {
    config = configFile ? await loadConfig(configFile) : configSchema.parse({});
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`lakehose up: the configuration has errors:\n${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let app: Lakehose;
  try {
    app = await Lakehose.start(config, {
      dataDir: v['data-dir'] ?? '.lakehose',
      logger,
      port,
      host: v.host,
      configDir: configFile ? dirname(configFile) : process.cwd(),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const hint = err.code === 'EADDRINUSE' ? ` (port in use: choose another with --port)` : '';
    process.stderr.write(`lakehose up: could not start: ${err.message}${hint}\n`);
    return 1;
  }
  // Machine-readable line for scripts and tests that start the server on port 0.
  process.stdout.write(`lakehose listening on ${app.url}\n`);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      logger.warn('second signal: exiting now', { signal });
      process.exit(130);
    }
    logger.info('signal received: shutting down gracefully', { signal });
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return 0;
}
