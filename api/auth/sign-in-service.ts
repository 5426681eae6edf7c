import { rolePermissions } from '../../domain/auth/access.js';
import type { Me, SignInMethod } from '../../domain/auth/schemas.js';
import type { UserDocument } from '../../db/models/user.js';
import type { AuditLog, AuditOrigin } from '../audit/audit-log.js';
import { toUserView } from '../users/user-view.js';
import type { PersonClaim, RefusalReason, createAdmission } from './admission.js';
import type { ActiveSession, SessionStore } from './session-store.js';

export type SignInResult = { signedIn: true; token: string; me: Me } | { signedIn: false; reason: RefusalReason };

/** What `GET /api/me` answers for a user and their session. */
export function meOf(user: UserDocument, session: ActiveSession): Me {
  return {
    user: toUserView(user),
    method: session.record.method,
    csrfToken: session.record.csrfToken,
    permissions: [...rolePermissions[user.role]],
    sessionExpiresAt: session.expiresAt.toISOString(),
  };
}

/** Admits a person, starts a fresh session for them and audits the outcome either way. */
export function createSignInService(deps: { admission: ReturnType<typeof createAdmission>; sessions: SessionStore; audit: AuditLog }) {
  return {
    async signIn(claim: PersonClaim, method: SignInMethod, origin: AuditOrigin): Promise<SignInResult> {
      const admission = await deps.admission.admit(claim);
      if (!admission.admitted) {
        await deps.audit.record({
          action: 'auth.sign_in_refused',
          actor: { type: 'user', id: null, label: claim.email },
          origin,
          details: { method, reason: admission.reason },
        });
        return { signedIn: false, reason: admission.reason };
      }
      const { user } = admission;
      const { token, session } = await deps.sessions.create(user._id.toHexString(), method, origin);
      await deps.audit.record({
        action: 'auth.signed_in',
        actor: { type: 'user', id: user._id.toHexString(), label: user.email },
        origin,
        details: { method, role: user.role, newcomer: admission.newcomer },
      });
      return { signedIn: true, token, me: meOf(user, session) };
    },

    async signOut(user: UserDocument, session: ActiveSession, origin: AuditOrigin): Promise<void> {
      await deps.sessions.destroy(session);
      await deps.audit.record({ action: 'auth.signed_out', actor: { type: 'user', id: user._id.toHexString(), label: user.email }, origin });
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
