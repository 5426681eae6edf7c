import type { Context } from 'koa';
import type { z } from 'zod';
import type { Permission } from '../../domain/auth/access.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a handler answers: a status and a JSON body (or none for 204). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

/** Where a route's input comes from; each part is parsed by its schema before the handler runs. */
export interface RequestSpec<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType> {
  params?: Params;
  query?: Query;
  body?: Body;
}

export interface RouteInput<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType> {
  params: z.output<Params>;
  query: z.output<Query>;
  body: z.output<Body>;
}

/**
 * Who may call a route. Every route must say; there is no default, so nothing is open by mistake.
 * - `public`: anyone, for the reason given (health, docs, the sign-in flow itself);
 * - `session`: any signed-in person, not an API key (their own profile, signing out);
 * - `permission`: a person whose role, or a key whose scopes, grant the permission;
 * - `vendorSignature`: only a request HMAC-signed with the vendor's shared secret.
 */
export type RouteAccess =
  | { kind: 'public'; reason: string }
  | { kind: 'session' }
  | { kind: 'permission'; permission: Permission }
  | { kind: 'vendorSignature' };

/** Rate-limited route families; each has its own configurable limit, per caller and per IP address. */
export type RateLimitBucket = 'auth' | 'ingest' | 'preview' | 'ai';

/**
 * One HTTP route, described once: the same object mounts the handler with validated input and
 * produces its entry in the OpenAPI document, so docs and behaviour cannot drift apart.
 */
export interface RouteDefinition<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Koa-style path: `/api/customers/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: RouteAccess;
  rateLimit?: RateLimitBucket;
  request?: RequestSpec<Params, Query, Body>;
  responses: Record<number, ResponseSpec>;
  handler: (input: RouteInput<Params, Query, Body>, ctx: Context) => Promise<Reply>;
}

/** Declares a route with its input types inferred from its schemas. */
export function defineRoute<Params extends z.ZodType = z.ZodUndefined, Query extends z.ZodType = z.ZodUndefined, Body extends z.ZodType = z.ZodUndefined>(
  route: RouteDefinition<Params, Query, Body>,
): RouteDefinition {
  return route;
}
