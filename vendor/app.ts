import Koa from 'koa';
import Router from '@koa/router';
import { errorMiddleware } from '../http/errors/middleware.js';
import { notFound } from '../http/errors/catalogue.js';
import { requestContext } from '../http/request-context.js';
import type { Logger } from '../observability/logger.js';
import { requireApiKey } from './api-key.js';
import { vendorRoutes, type VendorRoutesDeps } from './routes.js';

export interface VendorAppDeps extends VendorRoutesDeps {
  logger: Logger;
  /** The key every `/v1` caller presents as a Bearer token. */
  apiKey: string;
}

/**
 * The simulated messaging vendor's HTTP app, a separate service on its own port standing in for an
 * SMS / e-mail / WhatsApp provider: `/healthz` is open, everything under `/v1` needs the API key.
 */
export function createVendorApp(deps: VendorAppDeps): Koa {
  const app = new Koa();
  app.silent = true;
  const health = new Router();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', service: 'drumbeat-vendor' };
  });
  const api = vendorRoutes(deps);
  app.use(requestContext(deps.logger));
  app.use(errorMiddleware());
  app.use(health.routes());
  app.use(requireApiKey(deps.apiKey));
  app.use(api.routes());
  app.use(() => {
    throw notFound('No route matches this path.');
  });
  return app;
}
