import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger } from '../../src/aws/wire/Logger.js';
import { ConsoleLogger, type LogLevel } from '../../src/app/ConsoleLogger.js';
import { parseConfig } from '../../src/app/config/loadConfig.js';
import { Lakehose, type StartOptions } from '../../src/app/Lakehose.js';

/** The repository root (tests run from dist/test/…). */
export const ROOT = new URL('../../../', import.meta.url).pathname;

export async function tempDir(prefix = 'lakehose-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface InProcessServer {
  readonly app: Lakehose;
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** A real server on a random port, in this process (fast to start; same code as `lakehose up`). */
export async function startServer(configYaml = '', dataDir?: string, extra: Partial<StartOptions> = {}): Promise<InProcessServer> {
  const dir = dataDir ?? (await tempDir());
  // LAKEHOSE_TEST_LOG=debug|info|warn|error shows the server's log while debugging a test.
  const level = process.env.LAKEHOSE_TEST_LOG as LogLevel | undefined;
  const logger = level ? new ConsoleLogger(level) : silentLogger;
  const app = await Lakehose.start(parseConfig(configYaml), { dataDir: dir, logger, port: 0, host: '127.0.0.1', ...extra });
  return {
    app,
    url: app.url,
    dataDir: dir,
    async stop() {
      await app.stop();
      if (!dataDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Waits for the process to exit after a signal. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A real `lakehose up` process: for crash tests (SIGKILL) and graceful shutdown tests. */
export async function startChild(dataDir: string, configYaml = '', extraArgs: string[] = []): Promise<ChildServer> {
  const configFile = join(dataDir, '..', `${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(configFile, configYaml);
  const child = spawn(process.execPath, [join(ROOT, 'bin/lakehose.js'), 'up', '--config', configFile, '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? null : code))));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`lakehose exited (${code}) before listening:\n${err}`)));
  });
  return {
    url,
    child,
    stderr: () => err,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}
