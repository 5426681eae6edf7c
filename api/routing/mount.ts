import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import { validationFailed } from '../../http/errors/catalogue.js';
import type { FieldError } from '../../http/errors/problem.js';
import { fieldErrorsFromZod } from '../../http/errors/zod-errors.js';
import type { RouteDefinition } from './route.js';

/** Decides whether a request may reach a route: throws 401/403/429 problems, or returns to let it through. */
export type AccessGuard = (route: RouteDefinition, ctx: Context) => Promise<void>;

/**
 * Registers each route on the router: access checked by the guard first (so nothing about the input
 * is revealed to a caller who may not call it), then input parsed by its schemas (400 naming every
 * bad field), then the handler.
 */
export function mountRoutes(router: Router, routes: RouteDefinition[], guard: AccessGuard): void {
  for (const route of routes) {
    router[route.method](route.operationId, route.path, async (ctx: Context) => {
      await guard(route, ctx);
      const errors: FieldError[] = [];
      const params = parsePart(route.request?.params, ctx.params, 'params', errors);
      const query = parsePart(route.request?.query, ctx.query, 'query', errors);
      const body = parsePart(route.request?.body, ctx.request.body, 'body', errors);
      if (errors.length > 0) throw validationFailed(errors);
      const reply = await route.handler({ params, query, body }, ctx);
      ctx.status = reply.status;
      if (reply.headers) ctx.set(reply.headers);
      if (reply.body !== undefined) ctx.body = reply.body;
    });
  }
}

function parsePart(schema: z.ZodType | undefined, value: unknown, where: string, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...fieldErrorsFromZod(result.error, where));
  return undefined;
}
