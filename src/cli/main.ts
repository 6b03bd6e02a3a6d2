import { runQueryCommand } from './query.js';
import { runStatus } from './status.js';
import { runTablesCommand } from './tables.js';
import { runLogs } from './logs.js';
import { runUp } from './up.js';
import { runValidate } from './validate.js';

const USAGE = `lakehose — real-time analytics on one machine that speaks the AWS APIs

Usage:
  lakehose up [--config FILE] [--data-dir DIR] [--port N] [--host ADDR] [--log-level LEVEL]
      Start the server on one port (default 4566) for every AWS-compatible API.
  lakehose validate --config FILE
      Check a configuration file; errors name the file, line and field.
  lakehose logs GROUP [--follow] [--since 10m] [--filter PATTERN] [--endpoint URL]
      Print a CloudWatch Logs group of the running server (function output, delivery errors, alarm history …).
  lakehose query [SQL] [--file FILE] [--database DB] [--format table|csv|json]
      Run SQL (Athena's dialect) over the lake, through a running server or the data directory.
  lakehose tables [--database DB]
      List the catalog's databases and tables.
  lakehose status [--endpoint URL] [--json]
      Print the delivery streams of a running server: backlog, buffers, freshness, figures.

Run 'lakehose <command> --help' for the options of a command.
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  logs: (args) => runLogs(args),
  up: runUp,
  validate: runValidate,
  query: runQueryCommand,
  tables: runTablesCommand,
  status: runStatus,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 1 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`lakehose: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  return run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lakehose: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
