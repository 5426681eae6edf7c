import { Types, type Model } from 'mongoose';
import type { Role } from '../../domain/auth/access.js';
import type { AuditActor, UpdateUser, User } from '../../domain/auth/schemas.js';
import type { UserDocument } from '../../db/models/user.js';
import { conflict, notFound } from '../../http/errors/catalogue.js';
import { isDuplicateKeyError } from '../../http/errors/middleware.js';
import type { AuditLog, AuditOrigin } from '../audit/audit-log.js';
import type { SessionStore } from '../auth/session-store.js';
import { toUserView } from './user-view.js';

/** Admins' management of people: list, invite, change role, disable (which ends every session). */
export function createUserService(deps: { users: Model<UserDocument>; sessions: SessionStore; audit: AuditLog }) {
  async function assertAnotherAdminRemains(user: UserDocument): Promise<void> {
    const otherAdmins = await deps.users.countDocuments({ role: 'admin', disabled: false, _id: { $ne: user._id } });
    if (otherAdmins === 0) throw conflict('This is the last active admin; make someone else admin first.');
  }

  return {
    async list(): Promise<User[]> {
      const users = await deps.users.find().sort({ email: 1 }).lean();
      return users.map(toUserView);
    },

    async invite(input: { email: string; role: Role; name?: string | undefined }, actor: AuditActor, origin: AuditOrigin): Promise<User> {
      try {
        const user = await deps.users.create({
          email: input.email,
          name: input.name ?? input.email.slice(0, input.email.indexOf('@')),
          role: input.role,
          disabled: false,
          invitedBy: actor.label,
        });
        await deps.audit.record({ action: 'user.invited', actor, origin, target: { type: 'user', id: user._id.toHexString(), label: user.email }, details: { role: input.role } });
        return toUserView(user);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw conflict(`${input.email} already has an account.`);
        throw error;
      }
    },

    async update(id: string, patch: UpdateUser, actor: AuditActor, origin: AuditOrigin): Promise<User> {
      const user = Types.ObjectId.isValid(id) ? await deps.users.findById(id).lean() : null;
      if (!user) throw notFound('No such user.');
      const demoting = patch.role !== undefined && patch.role !== 'admin' && user.role === 'admin';
      const disabling = patch.disabled === true && !user.disabled;
      if ((demoting || disabling) && user.role === 'admin' && !user.disabled) await assertAnotherAdminRemains(user);

      const updated = await deps.users.findOneAndUpdate({ _id: user._id }, { $set: patch }, { returnDocument: 'after' }).lean();
      if (!updated) throw notFound('No such user.');
      const target = { type: 'user', id: user._id.toHexString(), label: user.email };
      if (patch.role !== undefined && patch.role !== user.role) {
        await deps.audit.record({ action: 'user.role_changed', actor, origin, target, details: { from: user.role, to: patch.role } });
      }
      if (disabling) {
        const endedSessions = await deps.sessions.destroyAllOf(user._id.toHexString());
        await deps.audit.record({ action: 'user.disabled', actor, origin, target, details: { endedSessions } });
      }
      if (patch.disabled === false && user.disabled) await deps.audit.record({ action: 'user.enabled', actor, origin, target });
      return toUserView(updated);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
