import type { Redis } from 'ioredis';
import type { Context, Middleware } from 'koa';
import type { AuthConfig } from '../../config/auth.js';
import type { Models } from '../../db/models.js';
import type { RateRule, RateLimiter } from '../../http/rate-limit.js';
import { rateLimitMiddleware } from '../../http/rate-limit.js';
import type { Logger } from '../../observability/logger.js';
import { ownOrigin as originOfServer } from '../../http/own-origin.js';
import { createApiKeyService, type ApiKeyService } from '../api-keys/api-key-service.js';
import { apiKeyRoutes } from '../api-keys/routes.js';
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import { auditRoutes } from '../audit/routes.js';
import { createReceiptSignatureCheck } from '../receipts/receipt-signature.js';
import type { AccessGuard } from '../routing/mount.js';
import type { RateLimitBucket, RouteDefinition } from '../routing/route.js';
import { userRoutes } from '../users/routes.js';
import { createUserService } from '../users/user-service.js';
import { createAccessGuard } from './access-guard.js';
import { createAdmission } from './admission.js';
import { allowlistIsEmpty } from './allowlist.js';
import { createAuthenticator } from './authenticate.js';
import { createGoogleStrategy } from './google-strategy.js';
import { googleRoutes } from './google-routes.js';
import { RedisOAuthStateStore } from './oauth-state-store.js';
import { principalId } from './principal.js';
import { SessionStore } from './session-store.js';
import { sessionRoutes } from './session-routes.js';
import { createSignInService } from './sign-in-service.js';

export interface AuthModuleDeps {
  config: AuthConfig;
  models: Models;
  /** A command connection: sessions, OAuth states, replay marks. */
  redis: Redis;
  rateLimiter: RateLimiter;
  rateLimits: Record<RateLimitBucket, RateRule>;
  publicUrl: string | undefined;
  logger: Logger;
}

/** Everything sign-in and access control adds to the app: its routes, the guard and its services. */
export interface AuthModule {
  routes: RouteDefinition[];
  guard: AccessGuard;
  audit: AuditLog;
  apiKeys: ApiKeyService;
}

/** Wires sessions, Google OAuth, development sign-in, users, API keys, the audit log and the access guard. */
export function createAuthModule(deps: AuthModuleDeps): AuthModule {
  const { config, models } = deps;
  const sessions = new SessionStore(deps.redis, { idleMs: config.sessionIdleMs, maxAgeMs: config.sessionMaxAgeMs });
  const audit = createAuditLog(models.auditEvents);
  const apiKeys = createApiKeyService(models.apiKeys, audit);
  const admission = createAdmission({
    users: models.users,
    systemFlags: models.systemFlags,
    allowlist: config.allowlist,
    defaultRole: config.defaultRole,
    admitAnyoneWhenUnlisted: config.devSignIn,
  });
  const signIn = createSignInService({ admission, sessions, audit });
  const strategy = config.google ? createGoogleStrategy(config.google, new RedisOAuthStateStore(deps.redis)) : null;
  const ownOrigin = (ctx: Context): string => originOfServer(ctx, deps.publicUrl);
  const cookieSettings = { secureCookies: config.secureCookies, sessionMaxAgeMs: config.sessionMaxAgeMs };

  announceSignInModes(config, deps.logger);

  const rateLimits = Object.fromEntries(
    (Object.entries(deps.rateLimits) as [RateLimitBucket, RateRule][]).map(([bucket, rule]) => [
      bucket,
      rateLimitMiddleware(deps.rateLimiter, {
        bucket,
        rule,
        identities: (ctx) => [`ip:${ctx.ip}`, ...(ctx.state.principal ? [principalId(ctx.state.principal)] : [])],
      }),
    ]),
  ) as Record<RateLimitBucket, Middleware>;

  const authenticate = createAuthenticator({ sessions, apiKeys, users: models.users, secureCookies: config.secureCookies });
  const guard = createAccessGuard({
    authenticate,
    verifyVendorSignature: createReceiptSignatureCheck({ secrets: config.receiptsSecrets, redis: deps.redis }),
    rateLimits,
    ownOrigin,
  });

  return {
    routes: [
      ...sessionRoutes({ googleEnabled: strategy !== null, devSignIn: config.devSignIn, signIn, sessions, ownOrigin, authenticate, ...cookieSettings }),
      ...googleRoutes({ strategy, signIn, sessions, publicUrl: deps.publicUrl, logger: deps.logger, ...cookieSettings }),
      ...userRoutes(createUserService({ users: models.users, sessions, audit })),
      ...apiKeyRoutes(apiKeys),
      ...auditRoutes(audit),
    ],
    guard,
    audit,
    apiKeys,
  };
}

function announceSignInModes(config: AuthConfig, logger: Logger): void {
  if (config.devSignIn) {
    logger.warn(
      { allowlistEmpty: allowlistIsEmpty(config.allowlist) },
      'DEVELOPMENT SIGN-IN IS ON: anyone who can reach this server can sign in without a password. Configure GOOGLE_CLIENT_ID/SECRET for real sign-in; production refuses to start with it.',
    );
  }
  if (config.google && allowlistIsEmpty(config.allowlist)) {
    logger.warn('Google sign-in is configured but AUTH_ALLOWED_EMAILS, AUTH_ALLOWED_DOMAINS and AUTH_ADMIN_EMAILS are empty: only invited users can sign in.');
  }
}
