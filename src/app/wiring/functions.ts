import { join, resolve } from 'node:path';
import { FunctionsEngine } from '../../engines/functions/FunctionsEngine.js';
import type { AppContext } from './AppContext.js';

/** Functions (the Lambda equivalent): user modules run in isolated worker processes. */
export async function wireFunctions(ctx: AppContext, configDir: string): Promise<void> {
  const { config, logger } = ctx;
  const functions = await FunctionsEngine.create({
    // Function output goes where Lambda puts it: the group and stream the function's context names.
    logSink: (entry) => {
      logger.debug('function log', { function: entry.functionName, message: entry.message.trimEnd() });
      ctx.engines.logs?.write(entry.logGroupName, entry.logStreamName, [{ timestampMs: entry.timestampMs, message: entry.message }]);
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
