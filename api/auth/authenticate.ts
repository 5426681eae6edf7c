import type { Context } from 'koa';
import type { Model } from 'mongoose';
import type { UserDocument } from '../../db/models/user.js';
import { unauthorized } from '../../http/errors/catalogue.js';
import type { ApiKeyService } from '../api-keys/api-key-service.js';
import type { Principal } from './principal.js';
import { clearSessionCookie, readSessionToken } from './session-cookie.js';
import type { SessionStore } from './session-store.js';

export interface AuthenticatorDeps {
  sessions: SessionStore;
  apiKeys: ApiKeyService;
  users: Model<UserDocument>;
  secureCookies: boolean;
}

/**
 * Finds who is calling. An `Authorization` header means an API key and nothing else (a bad key is a
 * 401, never a fall-back to the cookie); otherwise the session cookie. Null when anonymous. A
 * session whose user was disabled or deleted is ended on the spot.
 */
export function createAuthenticator(deps: AuthenticatorDeps): (ctx: Context) => Promise<Principal | null> {
  async function fromApiKey(ctx: Context, header: string): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('Send the API key as `Authorization: Bearer <key>`.', 'invalid_api_key');
    const result = await deps.apiKeys.authenticate(match[1]);
    if ('rejected' in result) {
      ctx.state.log.info({ reason: result.rejected }, 'api key refused');
      throw unauthorized('The API key is not valid: unknown, revoked or expired.', 'invalid_api_key');
    }
    return { kind: 'apiKey', key: result.key };
  }

  async function fromSession(ctx: Context): Promise<Principal | null> {
    const token = readSessionToken(ctx, deps.secureCookies);
    if (!token) return null;
    const session = await deps.sessions.resume(token);
    if (!session) {
      clearSessionCookie(ctx, deps.secureCookies);
      return null;
    }
    const user = await deps.users.findById(session.record.userId).lean();
    if (!user || user.disabled) {
      await deps.sessions.destroy(session);
      clearSessionCookie(ctx, deps.secureCookies);
      return null;
    }
    return { kind: 'user', user, session };
  }

  return async (ctx) => {
    if (ctx.state.principal) return ctx.state.principal;
    const header = ctx.get('Authorization');
    const principal = header ? await fromApiKey(ctx, header) : await fromSession(ctx);
    if (principal) ctx.state.principal = principal;
    return principal;
  };
}
