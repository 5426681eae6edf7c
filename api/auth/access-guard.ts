import type { Context, Middleware } from 'koa';
import { forbidden, unauthorized } from '../../http/errors/catalogue.js';
import type { AccessGuard } from '../routing/mount.js';
import type { RateLimitBucket, RouteDefinition } from '../routing/route.js';
import { assertSameSiteWrite } from './csrf.js';
import { principalAllows, type Principal } from './principal.js';

export interface AccessGuardDeps {
  authenticate(ctx: Context): Promise<Principal | null>;
  /** Throws a 401 problem unless the request carries a valid, fresh, unused vendor signature. */
  verifyVendorSignature(ctx: Context): Promise<void>;
  /** One rate-limit middleware per bucket; routes name their bucket. */
  rateLimits: Partial<Record<RateLimitBucket, Middleware>>;
  /** The origin our pages are served from, for the CSRF origin check. */
  ownOrigin(ctx: Context): string;
}

const done = (): Promise<void> => Promise.resolve();

/**
 * Enforces each route's declared access: who the caller is (401), whether their role or key scopes
 * allow it (403), CSRF for cookie-authenticated writes (403), then the route's rate limit (429).
 */
export function createAccessGuard(deps: AccessGuardDeps): AccessGuard {
  async function limit(route: RouteDefinition, ctx: Context): Promise<void> {
    const limiter = route.rateLimit ? deps.rateLimits[route.rateLimit] : undefined;
    if (limiter) await limiter(ctx, done);
  }

  return async (route, ctx) => {
    const access = route.access;
    if (access.kind === 'public') return limit(route, ctx);
    if (access.kind === 'vendorSignature') {
      await deps.verifyVendorSignature(ctx);
      return limit(route, ctx);
    }
    const principal = await deps.authenticate(ctx);
    if (!principal) throw unauthorized('Sign in, or send an API key as `Authorization: Bearer <key>`.');
    if (access.kind === 'session' && principal.kind !== 'user') {
      throw forbidden('This route is for signed-in people, not API keys.');
    }
    if (access.kind === 'permission' && !principalAllows(principal, access.permission)) {
      throw forbidden(
        principal.kind === 'user'
          ? `Your role (${principal.user.role}) does not allow ${access.permission}.`
          : `This API key's scopes (${principal.key.scopes.join(', ')}) do not allow ${access.permission}.`,
      );
    }
    if (principal.kind === 'user') assertSameSiteWrite(ctx, principal.session, deps.ownOrigin(ctx));
    return limit(route, ctx);
  };
}
