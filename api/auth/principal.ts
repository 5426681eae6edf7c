import type { Permission } from '../../domain/auth/access.js';
import { roleAllows, scopesAllow } from '../../domain/auth/access.js';
import type { AuditActor } from '../../domain/auth/schemas.js';
import type { ApiKeyDocument } from '../../db/models/api-key.js';
import type { UserDocument } from '../../db/models/user.js';
import type { ActiveSession } from './session-store.js';

/** Who is calling: a signed-in person (with their session) or an integrator's API key. */
export type Principal = { kind: 'user'; user: UserDocument; session: ActiveSession } | { kind: 'apiKey'; key: ApiKeyDocument };

declare module 'koa' {
  interface DefaultState {
    /** Set once a guarded route authenticated the caller. */
    principal?: Principal;
  }
}

/** True when the caller's role or key scopes grant the permission. */
export function principalAllows(principal: Principal, permission: Permission): boolean {
  return principal.kind === 'user' ? roleAllows(principal.user.role, permission) : scopesAllow(principal.key.scopes, permission);
}

/** The caller as the audit log names them. */
export function actorOf(principal: Principal): AuditActor {
  return principal.kind === 'user'
    ? { type: 'user', id: principal.user._id.toHexString(), label: principal.user.email }
    : { type: 'apiKey', id: principal.key._id.toHexString(), label: `${principal.key.name} (dbk_${principal.key.prefix})` };
}

/** A stable id for rate limiting and logs. */
export function principalId(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.user._id.toHexString()}` : `key:${principal.key._id.toHexString()}`;
}
