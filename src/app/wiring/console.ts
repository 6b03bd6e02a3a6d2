import { readFile } from 'node:fs/promises';
import { ConsoleApi } from '../../console/ConsoleApi.js';
import { ConsoleSessions } from '../../console/ConsoleSessions.js';
import { consoleRoute } from '../../console/consoleRoute.js';
import { StaticAssets } from '../../console/StaticAssets.js';
import type { AppContext } from './AppContext.js';

/**
 * The web console: its pages and JSON API on the edge port, on top of the engines the other
 * wiring modules made. Wired last; engines are looked up per request all the same.
 */
export async function wireConsole(ctx: AppContext): Promise<void> {
  const api = new ConsoleApi({
    engines: () => ({
      ...ctx.engines,
      metrics: ctx.metrics,
    }),
    sessions: new ConsoleSessions(ctx.config.auth.credentials),
    logger: ctx.logger,
    region: ctx.config.region,
    accountId: ctx.config.accountId,
    version: await packageVersion(),
    // The metrics engine's clock: charts and alarm periods line up with the samples.
    clock: () => ctx.metrics.now(),
  });
  ctx.routes.unshift(consoleRoute(api, new StaticAssets()));
}

async function packageVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
