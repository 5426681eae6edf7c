import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// `dbk_` + 12 lower-case letters/digits (found by) + `_` + 43 base64url characters (256 random bits).
const keyPattern = /^dbk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const prefixAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A freshly generated key: the full secret (shown once), its public prefix and the hash we store. */
export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

/** Generates a new API key. The `dbk_` marker lets secret scanners recognise leaked keys. */
export function generateApiKey(): GeneratedKey {
  const prefix = [...randomBytes(12)].map((byte) => prefixAlphabet[byte % prefixAlphabet.length]).join('');
  const key = `dbk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null for anything that cannot be one of ours. */
export function prefixOfApiKey(key: string): string | null {
  return keyPattern.exec(key)?.[1] ?? null;
}

/** SHA-256 of the key, hex. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares a presented key with a stored hash in constant time. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
