import type { User } from '../../domain/auth/schemas.js';
import type { UserDocument } from '../../db/models/user.js';

/** A user as the API shows it. */
export function toUserView(user: UserDocument): User {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    pictureUrl: user.pictureUrl,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}
