import { Types, type Model } from 'mongoose';
import type { ApiKey, AuditActor, CreateApiKey } from '../../domain/auth/schemas.js';
import type { ApiKeyDocument } from '../../db/models/api-key.js';
import type { AuditLog, AuditOrigin } from '../audit/audit-log.js';
import { apiKeyMatches, generateApiKey, prefixOfApiKey } from './key-format.js';

// Recording every use would turn each ingest call into a write; a minute's precision is enough.
const lastUsedPrecisionMs = 60_000;

/** Why a presented key was not accepted (never told to the caller, only logged). */
export type KeyRejection = 'malformed' | 'unknown' | 'revoked' | 'expired';

export interface ApiKeyService {
  create(input: CreateApiKey, actor: AuditActor, origin: AuditOrigin): Promise<{ apiKey: ApiKey; key: string }>;
  list(): Promise<ApiKey[]>;
  /** Revokes by id or prefix; null when there is no such key. Revoking twice is harmless. */
  revoke(idOrPrefix: string, actor: AuditActor, origin: AuditOrigin): Promise<ApiKey | null>;
  /** The key document a presented secret belongs to, or why it is refused. */
  authenticate(presented: string): Promise<{ key: ApiKeyDocument } | { rejected: KeyRejection }>;
}

/** API keys for integrators: created and revoked by admins (API or CLI), stored hashed. */
export function createApiKeyService(keys: Model<ApiKeyDocument>, audit: AuditLog, now: () => Date = () => new Date()): ApiKeyService {
  return {
    async create(input, actor, origin) {
      const generated = generateApiKey();
      const document = await keys.create({
        name: input.name,
        prefix: generated.prefix,
        hash: generated.hash,
        scopes: input.scopes,
        createdBy: actor.label,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      });
      const apiKey = toApiKeyView(document);
      await audit.record({
        action: 'apikey.created',
        actor,
        origin,
        target: { type: 'apiKey', id: apiKey.id, label: input.name },
        details: { scopes: input.scopes, prefix: generated.prefix, expiresAt: apiKey.expiresAt },
      });
      return { apiKey, key: generated.key };
    },

    async list() {
      const documents = await keys.find().sort({ _id: -1 }).lean();
      return documents.map(toApiKeyView);
    },

    async revoke(idOrPrefix, actor, origin) {
      const selector = Types.ObjectId.isValid(idOrPrefix) && idOrPrefix.length === 24 ? { _id: new Types.ObjectId(idOrPrefix) } : { prefix: idOrPrefix };
      const existing = await keys.findOne(selector).lean();
      if (!existing) return null;
      if (existing.revokedAt) return toApiKeyView(existing);
      const revoked = await keys.findOneAndUpdate({ _id: existing._id }, { $set: { revokedAt: now() } }, { returnDocument: 'after' }).lean();
      if (!revoked) return null;
      await audit.record({
        action: 'apikey.revoked',
        actor,
        origin,
        target: { type: 'apiKey', id: existing._id.toHexString(), label: existing.name },
        details: { prefix: existing.prefix },
      });
      return toApiKeyView(revoked);
    },

    async authenticate(presented) {
      const prefix = prefixOfApiKey(presented);
      if (!prefix) return { rejected: 'malformed' };
      const key = await keys.findOne({ prefix }).lean();
      if (!key || !apiKeyMatches(presented, key.hash)) return { rejected: 'unknown' };
      if (key.revokedAt) return { rejected: 'revoked' };
      const at = now();
      if (key.expiresAt && key.expiresAt <= at) return { rejected: 'expired' };
      if (!key.lastUsedAt || at.getTime() - key.lastUsedAt.getTime() >= lastUsedPrecisionMs) {
        await keys.updateOne({ _id: key._id }, { $set: { lastUsedAt: at } });
        key.lastUsedAt = at;
      }
      return { key };
    },
  };
}

/** An API key as listed: everything but the hash. */
export function toApiKeyView(key: ApiKeyDocument): ApiKey {
  return {
    id: key._id.toHexString(),
    name: key.name,
    prefix: `dbk_${key.prefix}_…`,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    createdBy: key.createdBy,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
