import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { roles, type Role } from '../../domain/auth/access.js';

/** A person who signed in or was invited by an admin. */
export interface UserDocument {
  _id: Types.ObjectId;
  /** The identity: lower-cased, unique. */
  email: string;
  name: string;
  pictureUrl: string | null;
  role: Role;
  disabled: boolean;
  /** Google's stable subject id, once they signed in with Google. */
  googleSubject: string | null;
  /** Set when an admin invited them: they may sign in even outside the allowlist. */
  invitedBy: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    pictureUrl: { type: String, default: null },
    role: { type: String, enum: roles, required: true },
    disabled: { type: Boolean, required: true, default: false },
    googleSubject: { type: String, default: null },
    invitedBy: { type: String, default: null },
    lastSignInAt: { type: Date, default: null },
  },
  { collection: 'users', timestamps: true, strict: 'throw' },
);
// Counting admins (the last one may not be demoted) reads this index, not the whole collection.
userSchema.index({ role: 1, disabled: 1 });

/** The User model bound to a connection. */
export function userModel(connection: Connection): Model<UserDocument> {
  return (connection.models.User as Model<UserDocument> | undefined) ?? connection.model<UserDocument>('User', userSchema);
}
