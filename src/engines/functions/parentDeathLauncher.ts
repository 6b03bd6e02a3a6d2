import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * A command prefix that makes the kernel SIGKILL a worker when the server dies, even if the
 * worker is stuck in a busy loop and can never notice its IPC channel closing. Linux only,
 * through util-linux's `setpriv --pdeathsig` (it execs Node, so the worker keeps its pid).
 * Elsewhere, or without setpriv, workers exit on their own when the channel closes, which
 * a worker spinning in a loop never sees.
 */
export function findParentDeathLauncher(pathVariable = process.env.PATH ?? ''): string[] | undefined {
  if (process.platform !== 'linux') return undefined;
  for (const dir of [...pathVariable.split(delimiter), '/usr/bin', '/bin']) {
    if (dir === '') continue;
    const candidate = join(dir, 'setpriv');
    try {
      accessSync(candidate, constants.X_OK);
      return [candidate, '--pdeathsig', 'KILL', '--'];
    } catch {
      // not here
    }
  }
  return undefined;
}
