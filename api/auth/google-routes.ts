import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { Strategy } from 'passport';
import { z } from 'zod';
import type { Logger } from '../../observability/logger.js';
import { notFound } from '../../http/errors/catalogue.js';
import { ownOrigin } from '../../http/own-origin.js';
import { originOf } from '../audit/audit-log.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { GoogleIdentity } from './google-strategy.js';
import type { OAuthRequest } from './oauth-state-store.js';
import { runStrategy } from './passport-adapter.js';
import { safeReturnTo } from './return-to.js';
import { setSessionCookie } from './session-cookie.js';
import type { SignInService } from './sign-in-service.js';
import { rotateSession } from './rotate-session.js';
import type { SessionStore } from './session-store.js';

export interface GoogleRoutesDeps {
  /** Null when no Google client is configured: the routes answer 404. */
  strategy: Strategy | null;
  signIn: SignInService;
  sessions: SessionStore;
  publicUrl: string | undefined;
  secureCookies: boolean;
  sessionMaxAgeMs: number;
  logger: Logger;
}

const bindingCookieMaxAgeMs = 10 * 60_000;

function bindingCookieName(secure: boolean): string {
  return secure ? '__Host-drumbeat_oauth' : 'drumbeat_oauth';
}

function signInFailure(code: string, returnTo = '/'): { status: number; headers: Record<string, string> } {
  // Keep where the person was heading, so a retry after fixing the problem lands there.
  const keep = returnTo === '/' ? '' : `&returnTo=${encodeURIComponent(returnTo)}`;
  return { status: 302, headers: { Location: `/sign-in?error=${code}${keep}`, 'Cache-Control': 'no-store' } };
}

/** The Google OAuth 2.0 authorization-code flow (with PKCE and a browser-bound state), via passport. */
export function googleRoutes(deps: GoogleRoutesDeps): RouteDefinition[] {
  const callbackUrl = (ctx: Context): string => `${ownOrigin(ctx, deps.publicUrl)}/auth/google/callback`;

  function strategyRequest(ctx: Context, binding: string | undefined): OAuthRequest {
    return Object.assign(ctx.req, { query: { ...ctx.query }, oauthBrowserBinding: binding });
  }

  return [
    defineRoute({
      method: 'get',
      path: '/auth/google',
      operationId: 'startGoogleSignIn',
      summary: 'Start signing in with Google (redirects to Google)',
      tags: ['auth'],
      access: { kind: 'public', reason: 'the sign-in flow itself' },
      rateLimit: 'auth',
      request: { query: z.object({ returnTo: z.string().optional().describe('A path on this site to land on afterwards') }) },
      responses: { 302: { description: 'Redirect to Google' }, 404: { description: 'Google sign-in is not configured' } },
      handler: async ({ query }, ctx) => {
        if (!deps.strategy) throw notFound('Google sign-in is not configured on this server.');
        const binding = randomBytes(24).toString('base64url');
        ctx.cookies.set(bindingCookieName(deps.secureCookies), binding, {
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.secureCookies,
          signed: true,
          path: '/',
          maxAge: bindingCookieMaxAgeMs,
          overwrite: true,
        });
        const outcome = await runStrategy(deps.strategy, strategyRequest(ctx, binding), {
          callbackURL: callbackUrl(ctx),
          state: { returnTo: safeReturnTo(query.returnTo) },
          prompt: 'select_account',
        });
        if (outcome.type !== 'redirect') throw new Error(`Google strategy did not redirect (${outcome.type})`);
        return { status: 302, headers: { Location: outcome.url, 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/auth/google/callback',
      operationId: 'finishGoogleSignIn',
      summary: 'Where Google sends the browser back; starts the session and redirects into the app',
      description: 'On refusal redirects to `/sign-in?error=not_allowed|invalid_state|email_unverified|cancelled|provider_error`.',
      tags: ['auth'],
      access: { kind: 'public', reason: 'the sign-in flow itself' },
      rateLimit: 'auth',
      responses: { 302: { description: 'Redirect into the app, or to the sign-in page with an error code' } },
      handler: async (_input, ctx) => {
        if (!deps.strategy) throw notFound('Google sign-in is not configured on this server.');
        const cookieName = bindingCookieName(deps.secureCookies);
        const binding = ctx.cookies.get(cookieName, { signed: true }) || undefined;
        ctx.cookies.set(cookieName, null, { signed: true, path: '/', secure: deps.secureCookies, httpOnly: true, sameSite: 'lax' });
        if (ctx.query.error === 'access_denied') return signInFailure('cancelled');
        // Without a code the strategy would start a new authorization; a callback never should.
        if (typeof ctx.query.code !== 'string' || typeof ctx.query.state !== 'string') return signInFailure('invalid_state');

        let outcome;
        try {
          outcome = await runStrategy(deps.strategy, strategyRequest(ctx, binding), { callbackURL: callbackUrl(ctx) });
        } catch (error) {
          ctx.state.log.warn({ err: error }, 'google sign-in failed at the provider');
          return signInFailure('provider_error');
        }
        if (outcome.type !== 'success') return signInFailure('invalid_state');
        const appState = (outcome.info as { state?: { returnTo?: unknown } } | undefined)?.state;
        const returnTo = safeReturnTo(appState?.returnTo);
        const identity = outcome.user as GoogleIdentity;
        if (!identity.email) return signInFailure('email_unverified', returnTo);
        const result = await deps.signIn.signIn(
          { email: identity.email, emailVerified: identity.emailVerified, name: identity.name, pictureUrl: identity.pictureUrl, googleSubject: identity.subject },
          'google',
          originOf(ctx),
        );
        if (!result.signedIn) return signInFailure(result.reason, returnTo);
        await rotateSession(ctx, deps.sessions, deps.secureCookies);
        setSessionCookie(ctx, result.token, deps.sessionMaxAgeMs, deps.secureCookies);
        return { status: 302, headers: { Location: returnTo, 'Cache-Control': 'no-store' } };
      },
    }),
  ];
}
