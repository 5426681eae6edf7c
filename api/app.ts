import Router from '@koa/router';
import type { Client as TemporalClient } from '@temporalio/client';
import type { Redis } from 'ioredis';
import Koa from 'koa';
import type { AuthConfig } from '../config/auth.js';
import type { Models } from '../db/models.js';
import { flowDocumentSchema } from '../domain/flows/flow-document.js';
import { receiptsStream } from '../domain/receipts.js';
import { segmentRuleSchema } from '../domain/segments/rule.js';
import type { SystemInfo } from '../domain/system.js';
import { cors } from '../http/cors.js';
import { methodNotAllowed, notFound } from '../http/errors/catalogue.js';
import { errorMiddleware } from '../http/errors/middleware.js';
import { jsonBody } from '../http/json-body.js';
import { createRateLimiter, type RateRule } from '../http/rate-limit.js';
import { requestContext } from '../http/request-context.js';
import { securityHeaders } from '../http/security-headers.js';
import type { Logger } from '../observability/logger.js';
import { appendToStream } from '../streams/entries.js';
import { createAuthModule, type AuthModule } from './auth/auth-module.js';
import { docsRouter } from './docs/routes.js';
import type { DependencyCheck, DependencyName } from './health/readiness.js';
import { healthRoutes } from './health/routes.js';
import { buildOpenApiDocument } from './openapi/document.js';
import { receiptRoutes } from './receipts/routes.js';
import { createCampaignFlowCheck } from './campaigns/campaign-flow-check.js';
import { createCampaignService } from './campaigns/campaign-service.js';
import { createCampaignWorkflows } from './campaigns/campaign-workflows.js';
import { createMessageQueries } from './campaigns/message-queries.js';
import { campaignMessageRoutes } from './campaigns/message-routes.js';
import { campaignRoutes } from './campaigns/routes.js';
import { createIngestionService } from './ingest/ingestion-service.js';
import { ingestRoutes } from './ingest/routes.js';
import { createImportService } from './ingest/import-service.js';
import { importRoutes } from './ingest/import-routes.js';
import { createCustomerQueries } from './customers/customer-queries.js';
import { customerRoutes } from './customers/routes.js';
import { metricsRoutes } from './metrics/routes.js';
import { mountRoutes } from './routing/mount.js';
import { createSegmentAudience } from './segments/segment-audience.js';
import { createSegmentFieldSource, type DeclaredAttribute } from '../db/segment-fields.js';
import { segmentRoutes } from './segments/routes.js';
import { createSegmentService } from './segments/segment-service.js';
import { templateRoutes } from './templates/routes.js';
import { createTemplatePreview } from './templates/template-preview.js';
import type { RateLimitBucket, RouteDefinition } from './routing/route.js';
import { systemRoutes } from './system/routes.js';
import { webAppMiddleware } from './web/static.js';

export interface AppDeps {
  logger: Logger;
  /** Keys that sign cookies; from SESSION_SECRET. */
  keys: string[];
  bodyLimitJson: string;
  /** Larger, for bulk ingestion requests (10,000 records). */
  bodyLimitIngest: string;
  /** Chunks waiting on an ingest stream beyond which ingestion answers 503. */
  ingestMaxBacklog: number;
  /** Production: Secure cookies, HSTS, and X-Forwarded-* trusted from the one proxy in front of us. */
  production: boolean;
  publicUrl: string | undefined;
  auth: AuthConfig;
  corsAllowedOrigins: string[];
  rateLimits: Record<RateLimitBucket, RateRule>;
  models: Models;
  /** How long after a campaign message an order counts as its conversion. */
  conversionWindowMs: number;
  /** A Redis command connection: sessions, rate limits, OAuth states, receipt queue. */
  redis: Redis;
  checks: Record<DependencyName, DependencyCheck>;
  /** Custom attributes declared in SEGMENT_ATTRIBUTES; they win over the types discovered in the data. */
  segmentAttributes: readonly DeclaredAttribute[];
  system: SystemInfo;
  /** Where campaign workflows are started and steered, and the Web UI that shows them (null: none). */
  temporal: { client: TemporalClient; namespace: string; taskQueue: string; uiUrl: string | null };
  webDistDir?: string;
}

const ingestPaths = new Set(['/api/customers', '/api/orders']);

/** The app with every route it serves, and the routers, so tests can walk every path the app knows. */
export interface DrumbeatApp {
  app: Koa;
  routes: RouteDefinition[];
  routers: Router[];
  openApiDocument: Record<string, unknown>;
  auth: AuthModule;
}

/** The Koa application with every route; no listening, no connections opened here. */
export function createApp(deps: AppDeps): DrumbeatApp {
  const app = new Koa({ keys: deps.keys, proxy: deps.production });
  // Trust only the last X-Forwarded-For hop (our proxy's); earlier entries are whatever the client wrote.
  app.maxIpsCount = 1;
  // Errors are answered by the error middleware and logged there; Koa's default handler would log them again.
  app.silent = true;

  const auth = createAuthModule({
    config: deps.auth,
    models: deps.models,
    redis: deps.redis,
    rateLimiter: createRateLimiter(deps.redis, { prefix: 'rate-limit' }),
    rateLimits: deps.rateLimits,
    publicUrl: deps.publicUrl,
    logger: deps.logger,
  });
  const ingestions = createIngestionService({ models: deps.models, redis: deps.redis, maxBacklog: deps.ingestMaxBacklog });
  const fields = createSegmentFieldSource({ customers: deps.models.customers, declared: deps.segmentAttributes });
  const audience = createSegmentAudience({ customers: deps.models.customers, fields });
  const segments = createSegmentService({ segments: deps.models.segments, audience, audit: auth.audit });
  const campaigns = createCampaignService({
    models: deps.models,
    flows: createCampaignFlowCheck({ fields, segments: deps.models.segments }),
    workflows: createCampaignWorkflows(deps.temporal),
    audit: auth.audit,
    conversionWindowMs: deps.conversionWindowMs,
  });
  const routes = [
    ...healthRoutes(deps.checks),
    ...systemRoutes(deps.system),
    ...auth.routes,
    ...ingestRoutes(ingestions),
    ...customerRoutes(
      createCustomerQueries({ customers: deps.models.customers, orders: deps.models.orders, segmentFilterOf: (id) => segments.audienceFilter(id) }),
    ),
    ...segmentRoutes(segments, audience),
    ...templateRoutes(createTemplatePreview({ customers: deps.models.customers, fields })),
    ...metricsRoutes({ redis: deps.redis }),
    ...importRoutes(createImportService({ models: deps.models, redis: deps.redis, maxBacklog: deps.ingestMaxBacklog }), ingestions),
    ...campaignRoutes(campaigns),
    ...campaignMessageRoutes(createMessageQueries(deps.models)),
    ...receiptRoutes(async (receipts) => {
      await appendToStream(deps.redis, receiptsStream, receipts);
    }),
  ];
  const openApiDocument = buildOpenApiDocument(
    {
      title: 'Drumbeat API',
      version: deps.system.version,
      description: 'Ingest customers and orders, build audiences, run campaigns as durable Temporal workflows.',
    },
    routes,
    // Rules and flows are any JSON at the boundary (checkSegmentRule and validateFlow check them); the
    // document shows their shape.
    { SegmentRule: segmentRuleSchema, FlowDocument: flowDocumentSchema },
  );

  const router = new Router();
  mountRoutes(router, routes, auth.guard);
  const docs = docsRouter(openApiDocument);

  app.use(requestContext(deps.logger));
  app.use(securityHeaders({ production: deps.production }));
  app.use(errorMiddleware());
  app.use(cors({ allowedOrigins: deps.corsAllowedOrigins }));
  const ingestBody = jsonBody(deps.bodyLimitIngest);
  const defaultBody = jsonBody(deps.bodyLimitJson);
  app.use(async (ctx, next) => {
    const parse = ctx.method === 'POST' && ingestPaths.has(ctx.path) ? ingestBody : defaultBody;
    await parse(ctx, next);
  });
  app.use(router.routes());
  app.use(docs.routes());
  if (deps.webDistDir) app.use(webAppMiddleware(deps.webDistDir));
  app.use((ctx) => {
    const allowed = [router, docs].flatMap((r) => r.match(ctx.path, ctx.method).path.flatMap((layer) => layer.methods));
    if (allowed.length > 0) throw methodNotAllowed([...new Set(allowed)]);
    throw notFound('No route matches this path.');
  });
  return { app, routes, routers: [router, docs], openApiDocument, auth };
}
