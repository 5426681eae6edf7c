import Koa from 'koa';
import Router from '@koa/router';
import { errorMiddleware } from '../http/errors/middleware.js';
import { notFound } from '../http/errors/catalogue.js';
import { requestContext } from '../http/request-context.js';
import type { Logger } from '../observability/logger.js';

/**
 * The simulated messaging vendor's HTTP app. It is a separate service with its own port, standing in
 * for an SMS / e-mail provider; today it answers health checks, the messaging API lands with delivery.
 */
export function createVendorApp(logger: Logger): Koa {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', service: 'drumbeat-vendor' };
  });
  app.use(requestContext(logger));
  app.use(errorMiddleware());
  app.use(router.routes());
  app.use(() => {
    throw notFound('No route matches this path.');
  });
  return app;
}
