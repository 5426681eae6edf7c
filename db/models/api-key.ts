import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { apiKeyScopes, type ApiKeyScope } from '../../domain/auth/access.js';

/** An integrator's API key. Only a hash of the secret is kept; the key is shown once, at creation. */
export interface ApiKeyDocument {
  _id: Types.ObjectId;
  name: string;
  /** Public, random part of the key used to find it: `dbk_<prefix>_<secret>`. */
  prefix: string;
  /** SHA-256 of the whole key, hex. The key has 256 random bits, so a plain hash cannot be brute-forced. */
  hash: string;
  scopes: ApiKeyScope[];
  createdBy: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const apiKeySchema = new Schema<ApiKeyDocument>(
  {
    name: { type: String, required: true },
    prefix: { type: String, required: true, unique: true },
    hash: { type: String, required: true },
    scopes: { type: [String], enum: apiKeyScopes, required: true },
    createdBy: { type: String, required: true },
    lastUsedAt: { type: Date, default: null },
    expiresAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_keys', timestamps: true, strict: 'throw' },
);

/** The ApiKey model bound to a connection. */
export function apiKeyModel(connection: Connection): Model<ApiKeyDocument> {
  return (connection.models.ApiKey as Model<ApiKeyDocument> | undefined) ?? connection.model<ApiKeyDocument>('ApiKey', apiKeySchema);
}
