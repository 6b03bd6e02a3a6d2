import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

export type CliVersion = 1 | 2;

/** AWS CLI v1 comes with the image's Python (first on PATH); v2 is Debian's `awscli` at /usr/bin/aws. */
export function cliBinary(version: CliVersion): string | undefined {
  if (version === 2) return existsSync('/usr/bin/aws') ? '/usr/bin/aws' : undefined;
  return process.env.AWS_CLI_V1 ?? 'aws';
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDLAKEHOSETEST0001', secretAccessKey: 'lakehose-test-secret' };

/** Runs the real AWS CLI against a Lakehose endpoint. */
export function aws(version: CliVersion, endpoint: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const bin = cliBinary(version);
  if (!bin) throw new Error('AWS CLI v2 is not installed (apt-get install awscli)');
  return new Promise((resolve) => {
    execFile(
      bin,
      ['--endpoint-url', endpoint, '--region', 'eu-west-1', '--output', 'json', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_MAX_ATTEMPTS: '1',
          AWS_RETRY_MODE: 'standard',
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({
          code,
          stdout,
          stderr,
          json<T>() {
            return JSON.parse(stdout) as T;
          },
        });
      },
    );
  });
}
