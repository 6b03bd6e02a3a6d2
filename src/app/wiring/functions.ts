import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { FunctionsEngine } from '../../engines/functions/FunctionsEngine.js';
import type { AppContext } from './AppContext.js';

/** Functions (the Lambda equivalent): user modules run in isolated worker processes. */
export async function wireFunctions(ctx: AppContext, configDir: string): Promise<void> {
  const { config, logger } = ctx;
  // Lambda's log layout: group /aws/lambda/<name>, a stream per day and instance.
  const instance = randomBytes(16).toString('hex');
  const functions = await FunctionsEngine.create({
    logSink: (entry) => {
      logger.debug('function log', { function: entry.functionName, message: entry.message.trimEnd() });
      const day = new Date(entry.timestampMs).toISOString().slice(0, 10).replaceAll('-', '/');
      ctx.engines.logs?.write(`/aws/lambda/${entry.functionName}`, `${day}/[$LATEST]${instance}`, [{ timestampMs: entry.timestampMs, message: entry.message }]);
    },
    region: config.region,
    accountId: config.accountId,
    endpointUrl: ctx.edgeUrl,
    cacheDir: join(ctx.dataDir, 'functions-cache'),
  });
  ctx.closeables.push(functions);
  ctx.engines.functions = functions;
  for (const f of config.functions) {
    functions.register({
      name: f.name,
      handler: f.handler,
      codeDir: resolve(configDir, f.codeDir),
      environment: f.environment,
      timeoutSeconds: f.timeoutSeconds,
      memoryMB: f.memoryMB,
      ...(f.concurrency !== undefined ? { concurrency: f.concurrency } : {}),
      ...(f.description !== undefined ? { description: f.description } : {}),
    });
  }
}
