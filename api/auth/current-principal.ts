import type { Context } from 'koa';
import { unauthorized } from '../../http/errors/catalogue.js';
import type { Principal } from './principal.js';

/** The caller the access guard authenticated; handlers of guarded routes use this. */
export function currentPrincipal(ctx: Context): Principal {
  const principal = ctx.state.principal;
  if (!principal) throw unauthorized('Sign in, or send an API key as `Authorization: Bearer <key>`.');
  return principal;
}

/** The signed-in person of a `session` route. */
export function currentUser(ctx: Context): Extract<Principal, { kind: 'user' }> {
  const principal = currentPrincipal(ctx);
  if (principal.kind !== 'user') throw unauthorized('Sign in first.');
  return principal;
}
