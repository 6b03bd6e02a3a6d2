import type { Logger } from '../aws/wire/Logger.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Log lines on stderr: `<time> <LEVEL> <message> key=value …`, or JSON lines when asked. */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly json = false,
  ) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.write('error', message, fields);
  }

  private write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < RANK[this.level]) return;
    const time = new Date().toISOString();
    if (this.json) {
      process.stderr.write(`${JSON.stringify({ time, level, message, ...fields })}\n`);
      return;
    }
    const extra = fields
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
          .join(' ')
      : '';
    process.stderr.write(`${time} ${level.toUpperCase().padEnd(5)} ${message}${extra ? ` ${extra}` : ''}\n`);
  }
}
