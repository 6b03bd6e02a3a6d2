import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export async function scratchDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface Peer {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `lakehose up` with a config; resolves when it listens. */
export async function startLakehose(dir: string, configYaml: string, extraEnv: Record<string, string> = {}): Promise<Peer> {
  const config = join(dir, 'lakehose.yaml');
  await writeFile(config, configYaml);
  const child = spawn(process.execPath, [join(ROOT, 'bin/lakehose.js'), 'up', '--config', config, '--data-dir', join(dir, 'data'), '--port', '0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...extraEnv },
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`lakehose exited with ${code}`)));
  });
  return { name: 'lakehose', url, child, stop: () => stopChild(child) };
}

/** kinesalite (an existing Node implementation of Kinesis) with its on-disk LevelDB store. */
export async function startKinesalite(dir: string, port: number): Promise<Peer> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/kinesalite/cli.js'), '--port', String(port), '--path', join(dir, 'kinesalite'), '--createStreamMs', '0', '--deleteStreamMs', '0', '--updateStreamMs', '0', '--shardLimit', '100'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url, { method: 'POST' });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { name: 'kinesalite', url, child, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}

/** Samples a process's resident memory; `peakMiB` is the high-water mark the kernel keeps. */
export function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function freePort(): Promise<number> {
  return import('node:net').then(
    (net) =>
      new Promise((resolve) => {
        const s = net.createServer();
        s.listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => resolve(port));
        });
      }),
  );
}
