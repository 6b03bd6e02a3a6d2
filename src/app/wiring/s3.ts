import { s3Route } from '../../aws/s3/index.js';
import { requireEngine, type AppContext } from './AppContext.js';

/** S3 on the edge port over the lake: the catch-all route for paths, so it is pushed last. */
export async function wireS3(ctx: AppContext): Promise<void> {
  const lake = requireEngine(ctx, 'lake');
  ctx.routes.push(
    s3Route({
      lake,
      region: ctx.config.region,
      accountId: ctx.config.accountId,
      endpointUrl: ctx.edgeUrl,
      authenticator: ctx.authenticator,
      logger: ctx.logger,
      metrics: ctx.metrics,
    }),
  );
}
