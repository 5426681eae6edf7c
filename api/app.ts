import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from '../observability/logger.js';
import { docsRouter } from './docs/routes.js';
import { methodNotAllowed, notFound } from '../http/errors/catalogue.js';
import { errorMiddleware } from '../http/errors/middleware.js';
import { jsonBody } from '../http/json-body.js';
import { healthRoutes } from './health/routes.js';
import type { DependencyCheck, DependencyName } from './health/readiness.js';
import { requestContext } from '../http/request-context.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { mountRoutes } from './routing/mount.js';
import type { RouteDefinition } from './routing/route.js';
import type { SystemInfo } from '../domain/system.js';
import { systemRoutes } from './system/routes.js';
import { webAppMiddleware } from './web/static.js';

export interface AppDeps {
  logger: Logger;
  /** Keys that sign cookies; from SESSION_SECRET. */
  keys: string[];
  bodyLimitJson: string;
  /** Trust X-Forwarded-* only behind a proxy we run (production). */
  behindProxy: boolean;
  checks: Record<DependencyName, DependencyCheck>;
  system: SystemInfo;
  webDistDir?: string;
}

/** The Koa application with every route; no listening, no connections opened here. */
export function createApp(deps: AppDeps): { app: Koa; routes: RouteDefinition[]; openApiDocument: Record<string, unknown> } {
  const app = new Koa({ keys: deps.keys, proxy: deps.behindProxy });
  // Errors are answered by the error middleware and logged there; Koa's default handler would log them again.
  app.silent = true;

  const routes = [...healthRoutes(deps.checks), ...systemRoutes(deps.system)];
  const openApiDocument = buildOpenApiDocument(
    {
      title: 'Drumbeat API',
      version: deps.system.version,
      description: 'Ingest customers and orders, build audiences, run campaigns as durable Temporal workflows.',
    },
    routes,
  );

  const router = new Router();
  mountRoutes(router, routes);

  app.use(requestContext(deps.logger));
  app.use(errorMiddleware());
  app.use(jsonBody(deps.bodyLimitJson));
  app.use(router.routes());
  const docs = docsRouter(openApiDocument);
  app.use(docs.routes());
  if (deps.webDistDir) app.use(webAppMiddleware(deps.webDistDir));
  app.use((ctx) => {
    const allowed = [router, docs].flatMap((r) => r.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods));
    if (allowed.length > 0) throw methodNotAllowed([...new Set(allowed)]);
    throw notFound('No route matches this path.');
  });
  return { app, routes, openApiDocument };
}
