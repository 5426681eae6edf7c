import type { Context } from 'koa';
import { devSignInSchema, meSchema, sessionStateSchema, signInProvidersSchema } from '../../domain/auth/schemas.js';
import { forbidden, notFound } from '../../http/errors/catalogue.js';
import { originOf } from '../audit/audit-log.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { currentUser } from './current-principal.js';
import { assertSameOrigin } from './csrf.js';
import { rotateSession } from './rotate-session.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';
import type { Principal } from './principal.js';
import type { SessionStore } from './session-store.js';
import { meOf, type SignInService } from './sign-in-service.js';

export interface SessionRoutesDeps {
  googleEnabled: boolean;
  devSignIn: boolean;
  signIn: SignInService;
  sessions: SessionStore;
  secureCookies: boolean;
  sessionMaxAgeMs: number;
  ownOrigin(ctx: Context): string;
  authenticate(ctx: Context): Promise<Principal | null>;
}

/** Who am I, how can I sign in, the development sign-in, and signing out. */
export function sessionRoutes(deps: SessionRoutesDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/auth/providers',
      operationId: 'getSignInProviders',
      summary: 'Which ways of signing in this server offers',
      tags: ['auth'],
      access: { kind: 'public', reason: 'the sign-in page needs it before anyone is signed in' },
      responses: { 200: { description: 'Sign-in providers', schema: signInProvidersSchema } },
      handler: async () => ({ status: 200, body: { google: deps.googleEnabled, dev: deps.devSignIn } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/dev',
      operationId: 'devSignIn',
      summary: 'Development sign-in without Google (never available in production)',
      description: 'Enabled only when no Google client is configured (or AUTH_DEV_SIGN_IN=true) outside production. Anyone who can reach the server can sign in as any allowed e-mail.',
      tags: ['auth'],
      access: { kind: 'public', reason: 'the sign-in flow itself (development only)' },
      rateLimit: 'auth',
      request: { body: devSignInSchema },
      responses: {
        200: { description: 'Signed in; the session cookie is set', schema: meSchema },
        403: { description: 'This e-mail may not sign in' },
        404: { description: 'Development sign-in is off' },
      },
      handler: async ({ body }, ctx) => {
        if (!deps.devSignIn) throw notFound('Development sign-in is off on this server.');
        // No session yet, so no CSRF token: a same-origin check stops other sites signing a browser in.
        assertSameOrigin(ctx, deps.ownOrigin(ctx));
        const result = await deps.signIn.signIn(
          { email: body.email, emailVerified: true, name: body.name ?? null, pictureUrl: null, googleSubject: null },
          'dev',
          originOf(ctx),
        );
        if (!result.signedIn) throw forbidden(`${body.email} may not sign in here (${result.reason}).`);
        await rotateSession(ctx, deps.sessions, deps.secureCookies);
        setSessionCookie(ctx, result.token, deps.sessionMaxAgeMs, deps.secureCookies);
        ctx.state.log.warn({ email: body.email }, 'development sign-in used');
        return { status: 200, body: result.me, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/session',
      operationId: 'getSessionState',
      summary: 'Whether someone is signed in in this browser, and who (null when nobody)',
      tags: ['auth'],
      access: { kind: 'public', reason: 'the app asks it before anyone is signed in; it reveals only the caller\'s own session' },
      responses: { 200: { description: 'The session, or null', schema: sessionStateSchema } },
      handler: async (_input, ctx) => {
        const principal = await deps.authenticate(ctx);
        const me = principal?.kind === 'user' ? meOf(principal.user, principal.session) : null;
        return { status: 200, body: { me }, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/me',
      operationId: 'getMe',
      summary: 'The signed-in person, their permissions and the CSRF token for writes',
      tags: ['auth'],
      access: { kind: 'session' },
      responses: { 200: { description: 'The current user', schema: meSchema } },
      handler: async (_input, ctx) => {
        const { user, session } = currentUser(ctx);
        return { status: 200, body: meOf(user, session), headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      operationId: 'signOut',
      summary: 'End this session',
      tags: ['auth'],
      access: { kind: 'session' },
      responses: { 204: { description: 'Signed out; the cookie is cleared' } },
      handler: async (_input, ctx) => {
        const { user, session } = currentUser(ctx);
        await deps.signIn.signOut(user, session, originOf(ctx));
        clearSessionCookie(ctx, deps.secureCookies);
        return { status: 204 };
      },
    }),
  ];
}
