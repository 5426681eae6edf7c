import type { Model } from 'mongoose';
import type { Allowlist } from '../../config/auth.js';
import type { Role } from '../../domain/auth/access.js';
import type { SystemFlagDocument } from '../../db/models/system-flag.js';
import type { UserDocument } from '../../db/models/user.js';
import { isDuplicateKeyError } from '../../http/errors/middleware.js';
import { allowlistAdmits, allowlistIsEmpty } from './allowlist.js';

/** Who someone says they are, as vouched for by Google or typed into the development sign-in. */
export interface PersonClaim {
  email: string;
  emailVerified: boolean;
  name: string | null;
  pictureUrl: string | null;
  googleSubject: string | null;
}

/** Why someone was turned away; the sign-in page explains each. */
export type RefusalReason = 'not_allowed' | 'email_unverified';

export type Admission = { admitted: true; user: UserDocument; newcomer: boolean } | { admitted: false; reason: RefusalReason };

export interface AdmissionDeps {
  users: Model<UserDocument>;
  systemFlags: Model<SystemFlagDocument>;
  allowlist: Allowlist;
  defaultRole: Role;
  /** Development sign-in with no allowlist configured: anyone may enter (the logs and UI say so). */
  admitAnyoneWhenUnlisted: boolean;
  now?: () => Date;
}

const firstAdminFlag = 'first-admin';

/**
 * Decides whether a person may sign in and with which role, and records the sign-in. Allowed are
 * the allowlist, the configured admins and people an admin invited; disabled users never. The first
 * person admitted becomes admin unless admins are configured by e-mail.
 */
export function createAdmission(deps: AdmissionDeps): { admit(claim: PersonClaim): Promise<Admission> } {
  const now = deps.now ?? (() => new Date());

  async function roleForNewcomer(email: string): Promise<Role> {
    if (deps.allowlist.adminEmails.includes(email)) return 'admin';
    if (deps.allowlist.adminEmails.length > 0) return deps.defaultRole;
    try {
      await deps.systemFlags.create({ _id: firstAdminFlag, claimedBy: email, claimedAt: now() });
      return 'admin';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A racing first sign-in of the same person claimed it a moment ago: still theirs.
      const flag = await deps.systemFlags.findById(firstAdminFlag).lean();
      return flag?.claimedBy === email ? 'admin' : deps.defaultRole;
    }
  }

  async function admitOnce(claim: PersonClaim): Promise<Admission> {
    const email = claim.email.trim().toLowerCase();
    if (!claim.emailVerified) return { admitted: false, reason: 'email_unverified' };
    const existing = await deps.users.findOne({ email });
    if (existing?.disabled) return { admitted: false, reason: 'not_allowed' };
    const allowed =
      allowlistAdmits(deps.allowlist, email) ||
      existing?.invitedBy != null ||
      (deps.admitAnyoneWhenUnlisted && allowlistIsEmpty(deps.allowlist));
    if (!allowed) return { admitted: false, reason: 'not_allowed' };

    const signedInAt = now();
    const profile = {
      lastSignInAt: signedInAt,
      ...(claim.name ? { name: claim.name } : {}),
      ...(claim.pictureUrl ? { pictureUrl: claim.pictureUrl } : {}),
      ...(claim.googleSubject ? { googleSubject: claim.googleSubject } : {}),
    };
    if (existing) {
      // Configured admins stay admins even if someone demoted them in the app.
      const role: Role = deps.allowlist.adminEmails.includes(email) ? 'admin' : existing.role;
      const user = await deps.users.findOneAndUpdate({ _id: existing._id }, { $set: { ...profile, role } }, { returnDocument: 'after' });
      return user ? { admitted: true, user, newcomer: false } : admitOnce(claim);
    }
    const user = await deps.users.create({
      email,
      name: claim.name ?? email.slice(0, email.indexOf('@')),
      pictureUrl: claim.pictureUrl,
      role: await roleForNewcomer(email),
      disabled: false,
      googleSubject: claim.googleSubject,
      invitedBy: null,
      lastSignInAt: signedInAt,
    });
    return { admitted: true, user, newcomer: true };
  }

  return {
    async admit(claim) {
      try {
        return await admitOnce(claim);
      } catch (error) {
        // Two first sign-ins of the same person raced; the second finds the first's record.
        if (isDuplicateKeyError(error)) return admitOnce(claim);
        throw error;
      }
    },
  };
}
